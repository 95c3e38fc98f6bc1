package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.model.SecurityMethod;
import dev.myprofile.securityinfo.notify.Notice;
import dev.myprofile.shared.activity.ActivityEntry;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.activity.ActivityEntry.Subject;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.ObjectSchema;

import java.util.Optional;

/**
 * {@code PATCH /me/security-info/methods/{methodId}}: rename a method (step-up). The name is ours
 * alone: Cognito never sees it. A method the person has no item of is not found (404), and nothing
 * changes. An activity entry and a notice to the email on file (read before the change, so a failure to
 * read it changes nothing; with another OpenID provider there is no address to send to).
 */
public final class RenameMethodHandler extends ApiFunction {
    private static final ObjectSchema BODY = ObjectSchema.builder()
            .requiredString("name", SecurityMethod.MAX_NAME)
            // The name the person saw: when given (the web app always gives it), a rename made elsewhere
            // meanwhile is not overwritten (409).
            .string("current", SecurityMethod.MAX_NAME, false)
            .build();

    private final SecurityInfoWiring wiring;

    public RenameMethodHandler() {
        this(Api.fromEnvironment());
    }

    public RenameMethodHandler(Api api) {
        this(api, SecurityInfoWiring.of(api));
    }

    public RenameMethodHandler(Api api, SecurityInfoWiring wiring) {
        super(api);
        this.wiring = wiring;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        MethodType type = Requests.methodType(request);
        ObjectSchema.Values body = BODY.parse(request.jsonBody());
        api.stepUp().require(caller, wiring.mfaMethods());
        String name = body.string("name").orElseThrow();
        Optional<String> address = wiring.signIn()
                .flatMap(cognito -> cognito.account(request.bearerToken()).notificationAddress());
        boolean renamed = Requests.renaming(() -> wiring.store().renamed(caller.userKey(), type, name, body.string("current"),
                new ActivityEntry(api.clock().instant(), "method.renamed", Subject.of(Subject.METHOD, type.id(), name),
                        Origin.user(request.sourceIp(), request.userAgent()))));
        if (!renamed) {
            throw Requests.notFound();
        }
        address.ifPresent(to -> wiring.notifier().send(to, Notice.METHOD_RENAMED,
                Notice.About.method(Notice.Kind.of(type), Optional.of(name), api.clock().instant(), Requests.swedish(request))));
        return ApiResponse.json(200, g -> {
            g.writeStartObject();
            g.writeStringField("id", type.id());
            g.writeStringField("name", name);
            g.writeEndObject();
        });
    }
}
