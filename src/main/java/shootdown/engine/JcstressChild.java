package shootdown.engine;

import org.openjdk.jcstress.Main;

/**
 * jcstress's main, in a JVM that stops, with every JVM it forked, as soon as the JVM that
 * started it is gone: a campaign killed without a chance to clean up must not leave jcstress
 * running for minutes on a shared machine.
 */
public final class JcstressChild {
    private JcstressChild() {
    }

    public static void main(String[] args) throws Exception {
        ProcessHandle.current().parent().ifPresent(parent -> {
            Thread watch = new Thread(() -> {
                parent.onExit().join();
                ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
                Runtime.getRuntime().halt(143);
            }, "watch the campaign");
            watch.setDaemon(true);
            watch.start();
        });
        Main.main(args);
    }
}
