package shootdown.explore;

/**
 * One scheduling decision: let a CPU take its next step, or let a CPU take a pending IPI.
 * Encoded as an int so schedules are compact and can be written to replay files.
 */
public final class Choice {
    private static final int IPI = 1 << 20;

    private Choice() {
    }

    public static int step(int cpu) {
        return cpu;
    }

    public static int ipi(int batch, int target) {
        return IPI | (batch << 8) | target;
    }

    public static boolean isIpi(int choice) {
        return (choice & IPI) != 0;
    }

    public static int cpu(int choice) {
        return isIpi(choice) ? choice & 0xff : choice;
    }

    public static int batch(int choice) {
        return (choice & ~IPI) >> 8;
    }

    public static String describe(int choice) {
        return isIpi(choice) ? "CPU" + cpu(choice) + " takes IPI #" + batch(choice) : "CPU" + choice;
    }
}
