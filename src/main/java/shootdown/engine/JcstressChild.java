package shootdown.engine;

import org.openjdk.jcstress.Main;

/** jcstress's main, in a JVM that ends with the campaign's ({@link ParentWatch}). */
public final class JcstressChild {
    private JcstressChild() {
    }

    public static void main(String[] args) throws Exception {
        ParentWatch.stopWithParent();
        Main.main(args);
    }
}
