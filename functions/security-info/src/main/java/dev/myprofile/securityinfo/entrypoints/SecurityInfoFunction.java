package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;

/**
 * A security-info function: the pipeline ({@link ApiFunction}) with the page's one wiring object, from
 * the environment (Lambda's no-argument constructor and the local runtime's {@code Api} one) or handed
 * in by a test.
 */
abstract class SecurityInfoFunction extends ApiFunction {
    protected final SecurityChange flow;

    SecurityInfoFunction(Api api) {
        this(SecurityChange.of(api));
    }

    SecurityInfoFunction(SecurityChange flow) {
        super(flow.api());
        this.flow = flow;
    }
}
