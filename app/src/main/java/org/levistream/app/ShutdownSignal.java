package org.levistream.app;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a long-running command wait until it is asked to stop, and finish its cleanup before the JVM ends. Every
 * command that runs a service until stopped uses it ({@code stack}, {@code train}, {@code replay}, {@code ingest}):
 * it either waits ({@link #await()}), polls between units of work ({@link #isRequested()}), or hands the request to
 * its job ({@link #whenRequested(Runnable)}). A command with nothing to clean up and no place to stop (a batch
 * computation such as {@code experiment}) does not install one, so that Ctrl+C ends it at once.
 *
 * <pre>{@code
 * try (var stop = ShutdownSignal.install()) {
 *     try (var stack = EmbeddedStack.start(settings)) {
 *         stop.await();
 *     }                       // closed here, in reverse order, on the command's own thread
 *     out.println("stopped");
 * }                           // only now may the JVM end
 * }</pre>
 *
 * <p>Neither the signal handlers nor the shutdown hook do any work; they release the command's thread. SIGINT
 * (Ctrl+C) and SIGTERM are caught so that a clean stop returns normally and exits 0; without the handlers the JVM
 * would exit 130 or 143. A second signal while stopping halts at once. Any other shutdown (SIGHUP, an exit
 * elsewhere) goes through the shutdown hook, which waits, up to a minute, for the cleanup to finish.
 */
public final class ShutdownSignal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShutdownSignal.class);
    private static final long CLEANUP_WAIT_SECONDS = 60;

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::stopFromHook, "levi-shutdown");
    private final List<Runnable> restoreHandlers = new ArrayList<>();
    private final List<Runnable> onRequest = new CopyOnWriteArrayList<>();
    private final boolean installed;

    private ShutdownSignal(boolean installed) {
        this.installed = installed;
    }

    /** Catches SIGINT and SIGTERM where the JVM allows it, and registers the shutdown hook. */
    public static ShutdownSignal install() {
        var signal = new ShutdownSignal(true);
        Runtime.getRuntime().addShutdownHook(signal.hook);
        signal.catchStopSignals();
        return signal;
    }

    /** One that only {@link #request()} releases: for running a command inside a test JVM. */
    public static ShutdownSignal manual() {
        return new ShutdownSignal(false);
    }

    /** Blocks until a stop is requested. */
    public void await() throws InterruptedException {
        requested.await();
    }

    /** Whether a stop has been requested; never blocks, for commands that poll between units of work. */
    public boolean isRequested() {
        return requested.getCount() == 0;
    }

    /**
     * Runs {@code action} once a stop is requested (at once if it already was), on the requesting thread: a signal
     * handler or the shutdown hook. It must only ask the command's own thread to stop, e.g. set a flag.
     *
     * @param action a quick, thread-safe request to stop
     */
    public void whenRequested(Runnable action) {
        onRequest.add(action);
        if (isRequested() && onRequest.remove(action)) {
            action.run();
        }
    }

    /** Asks the waiting command to stop, as a signal would. */
    public void request() {
        requested.countDown();
        for (Runnable action : onRequest) {
            if (onRequest.remove(action)) {
                action.run();
            }
        }
    }

    /** Marks the cleanup as finished, so that a JVM shutdown waiting for it may go on; restores the handlers. */
    @Override
    public void close() {
        finished.countDown();
        if (!installed) {
            return;
        }
        restoreHandlers.forEach(Runnable::run);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running and has just been released.
        }
    }

    private static void restore(Method handle, Object signal, Object previous) {
        try {
            handle.invoke(null, signal, previous);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("Could not restore the previous handler of {}: {}", signal, e.toString());
        }
    }

    private void stopFromHook() {
        request();
        try {
            if (!finished.await(CLEANUP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("Cleanup did not finish within {} s; exiting anyway", CLEANUP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onStopSignal(int number) {
        if (requested.getCount() == 0) {
            Runtime.getRuntime().halt(128 + number);   // the user asked twice: stop waiting for the cleanup
        }
        request();
    }

    // sun.misc.Signal is the JDK's supported-but-unofficial signal API (module jdk.unsupported); it is reached
    // reflectively to keep the build free of internal-API warnings. Where it is missing, the hook still works.
    private void catchStopSignals() {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Method getNumber = signalType.getMethod("getNumber");
            Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            onStopSignal((Integer) getNumber.invoke(args[0]));
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "levi-stop-signal-handler";
                    });
            Method handle = signalType.getMethod("handle", signalType, handlerType);
            for (String name : List.of("INT", "TERM")) {
                Object signal = signalType.getConstructor(String.class).newInstance(name);
                Object previous = handle.invoke(null, signal, handler);
                restoreHandlers.add(() -> restore(handle, signal, previous));
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.debug("Stop signals are left to the JVM; the shutdown hook handles them: {}", e.toString());
        }
    }
}
