package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.entrypoints.SecurityChange.Change;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Route;
import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.model.SecurityMethod;
import dev.myprofile.securityinfo.notify.Notice;
import dev.myprofile.shared.activity.ActivityEntry.Subject;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
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
public final class PatchMethodHandler extends SecurityInfoFunction {
    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        MethodType type = Requests.methodType(request);
        ObjectSchema.Values body = Requests.NAMING.parse(request.jsonBody());
        String name = body.string("name").orElseThrow();
        return flow.run(request, caller, Route.OURS, step -> {
            step.address(); // read before the change, so a failure to read it changes nothing
            return Change.recorded("method.renamed", Subject.of(Subject.METHOD, type.id(), name), entry -> {
                        if (!Requests.renaming(() -> step.store().renamed(step.user(), type, name, body.string("current"), entry))) {
                            throw Requests.notFound();
                        }
                        return true;
                    })
                    .telling(Notice.METHOD_RENAMED, Notice.Kind.of(type), Optional.of(name))
                    .answering(PatchPasskeyHandler.renamedAnswer(type.id(), name));
        });
    }

    public PatchMethodHandler() { super(Api.fromEnvironment()); }

    public PatchMethodHandler(Api api) { super(api); }
}
