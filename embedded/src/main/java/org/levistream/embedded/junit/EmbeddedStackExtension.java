package org.levistream.embedded.junit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.levistream.embedded.kafka.EmbeddedKafka;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.embedded.stack.StackSettings;

/**
 * Hands test methods and constructors an {@link EmbeddedStack} or its {@link EmbeddedKafka} broker.
 *
 * <p>The stack is started on first use with {@link StackSettings#forTests()} (free ports, a temporary log) and
 * shared by every test class in the JVM: it lives in the root context's store, which closes it after the last
 * test. Tests therefore share one broker and keep apart by naming their topics and groups with
 * {@link TestNames#unique}.
 *
 * <pre>{@code
 * @Timeout(120) @ExtendWith(EmbeddedStackExtension.class)
 * class TrainerResumeIT {
 *     @Test void resumesAfterRestart(EmbeddedKafka kafka, TestInfo info) {
 *         String topic = TestNames.unique(info);
 *         kafka.createTopic(topic, 3, Map.of());
 *     }
 * }
 * }</pre>
 */
public final class EmbeddedStackExtension implements ParameterResolver {
    private static final Namespace NAMESPACE = Namespace.create(EmbeddedStackExtension.class);
    private static final String STACK_KEY = "stack";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == EmbeddedStack.class || type == EmbeddedKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        EmbeddedStack stack = sharedStack(context);
        return parameter.getParameter().getType() == EmbeddedKafka.class ? stack.broker() : stack;
    }

    /** The JVM's one stack, started on first call; JUnit closes it (it is AutoCloseable) after the last test. */
    public static EmbeddedStack sharedStack(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(STACK_KEY, key -> EmbeddedStack.start(StackSettings.forTests()),
                        EmbeddedStack.class);
    }
}
