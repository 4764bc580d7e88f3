package shootdown.engine;

/**
 * For a JVM a campaign starts (jcstress, a Lincheck worker): when the campaign's JVM is gone,
 * even killed without a chance to clean up, this JVM ends too, with every JVM it started, so
 * nothing runs on for minutes on a shared machine.
 */
final class ParentWatch {
    private ParentWatch() {
    }

    static void stopWithParent() {
        ProcessHandle.current().parent().ifPresent(parent -> {
            Thread watch = new Thread(() -> {
                parent.onExit().join();
                ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
                Runtime.getRuntime().halt(143);
            }, "watch the campaign");
            watch.setDaemon(true);
            watch.start();
        });
    }
}
