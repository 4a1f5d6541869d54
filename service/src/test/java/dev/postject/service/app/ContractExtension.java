package dev.postject.service.app;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test (or its class, for what {@code @BeforeAll} sent) that saw an exchange break the
 * OpenAPI contract, whoever made the request (the test, a background thread, an SDK in Node, the
 * browser): the app records each mismatch before it answers ({@link ContractFilter}). Registered for every test by JUnit's extension
 * auto-detection ({@code junit-platform.properties}).
 */
public final class ContractExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private static final String FROM = "from";
    private static final ExtensionContext.Namespace SEEN = ExtensionContext.Namespace.create(ContractExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(SEEN).put(FROM, Contract.Mismatches.count());
    }

    /** Mismatches since the class started or its last test ended ({@code @BeforeAll}'s) fail this test. */
    @Override
    public void beforeEach(ExtensionContext context) {
        ExtensionContext.Store owner = classStore(context);
        int now = Contract.Mismatches.count();
        List<String> pending = since(owner);
        owner.put(FROM, now);
        context.getStore(SEEN).put(FROM, now);
        fail(pending);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> seen = since(context.getStore(SEEN));
        classStore(context).put(FROM, Contract.Mismatches.count());
        if (context.getExecutionException().isEmpty()) {
            fail(seen);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            fail(since(context.getStore(SEEN)));
        }
    }

    private static ExtensionContext.Store classStore(ExtensionContext method) {
        return method.getParent().orElse(method).getStore(SEEN);
    }

    private static List<String> since(ExtensionContext.Store store) {
        Integer from = store.get(FROM, Integer.class);
        return from == null ? List.of() : Contract.Mismatches.since(from);
    }

    private static void fail(List<String> mismatches) {
        if (!mismatches.isEmpty()) {
            throw new AssertionError(Contract.Mismatches.describe(mismatches));
        }
    }
}
