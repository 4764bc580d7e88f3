package shootdown.explore;

/**
 * One scheduling decision: let a CPU take its next step, let a CPU take a pending IPI, or (in a
 * search over a whole proof bound) let a CPU at an operation boundary start one operation of the
 * alphabet. Encoded as an int so schedules are compact and can be written to replay files.
 */
public final class Choice {
    private static final int IPI = 1 << 20;
    private static final int PICK = 1 << 21;

    private Choice() {
    }

    public static int step(int cpu) {
        return cpu;
    }

    public static int ipi(int batch, int target) {
        return IPI | (batch << 8) | target;
    }

    /** CPU {@code cpu} starts the operation at {@code index} of the alphabet. */
    public static int pick(int cpu, int index) {
        return PICK | (index << 8) | cpu;
    }

    public static boolean isIpi(int choice) {
        return (choice & IPI) != 0;
    }

    public static boolean isPick(int choice) {
        return (choice & PICK) != 0;
    }

    public static int cpu(int choice) {
        return isIpi(choice) || isPick(choice) ? choice & 0xff : choice;
    }

    public static int batch(int choice) {
        return (choice & ~IPI) >> 8;
    }

    /** The alphabet index a pick starts. */
    public static int picked(int choice) {
        return (choice & ~PICK) >> 8;
    }

    public static String describe(int choice) {
        if (isIpi(choice)) return "CPU" + cpu(choice) + " takes IPI #" + batch(choice);
        if (isPick(choice)) return "CPU" + cpu(choice) + " starts operation #" + picked(choice);
        return "CPU" + choice;
    }
}
