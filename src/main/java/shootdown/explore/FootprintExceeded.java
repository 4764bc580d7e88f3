package shootdown.explore;

/**
 * A step touched a machine part its declared footprint leaves out (found by recording what each
 * step really reads and writes). The model's own mistake: the reduction would have trusted it.
 */
public final class FootprintExceeded extends IllegalStateException {
    FootprintExceeded(String message) {
        super(message);
    }
}
