package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.entrypoints.SecurityChange.Change;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Route;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Step;
import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.notify.Notice;
import dev.myprofile.securityinfo.signin.SignInMethods;
import dev.myprofile.securityinfo.store.MethodStore;
import dev.myprofile.shared.activity.ActivityEntry.Subject;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.problem.Problem;

import java.util.Optional;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code DELETE /me/security-info/methods/{methodId}}: remove the authenticator app or the phone (step-up). Each
 * refusal is a 409 that says why: the last second step cannot go while the pool requires two-step
 * verification; the default cannot go while another method could take its place (choose that one
 * first); the email address is the account's name and its way back in. A method the person does not
 * have is not found.
 */
public final class DeleteMethodHandler extends SecurityInfoFunction {
    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        MethodType type = Requests.methodType(request);
        return flow.run(request, caller, Route.CHANGE, step -> removed(step, type));
    }

    private static Change removed(Step step, MethodType type) {
        SignInMethods.Account account = step.account();
        if (type == MethodType.EMAIL) {
            if (account.attribute("email").isEmpty()) {
                throw Requests.notFound();
            }
            throw Problem.of(409, "email-is-username", "Your email address stays",
                    "You sign in with your email address, and it is how you reset a forgotten password, so it cannot be removed.");
        }
        boolean has = type == MethodType.PHONE ? account.attribute("phone_number").isPresent() : account.secondSteps().contains(type);
        if (!has) {
            throw Requests.notFound();
        }
        Set<MethodType> others = EnumSet.copyOf(account.secondSteps());
        others.remove(type);
        if (others.isEmpty() && step.page().twoStepRequired()) {
            throw Problem.of(409, "last-method", "This is your last sign-in method",
                    "Your organization requires two-step verification, so your last method for it cannot be removed. Add another one first.");
        }
        if (account.preferred().filter(type::equals).isPresent() && !others.isEmpty()) {
            throw Problem.of(409, "default-method", "This is your default sign-in method",
                    "Choose another default sign-in method before removing this one.");
        }
        if (account.secondSteps().contains(type)) {
            step.signIn().secondStep(step.token(), type, false, false);
        }
        if (type == MethodType.PHONE) {
            step.signIn().removePhone(account.username());
        }
        MethodStore.StoredMethod ours = step.store().read(step.user()).methods().get(type);
        return Change.written("method.removed", Subject.of(Subject.METHOD, type.id(), ours == null ? null : ours.name()),
                        entry -> step.store().removed(step.user(), type, entry))
                .telling(Notice.METHOD_REMOVED, Notice.Kind.of(type), Optional.empty())
                .answering(ApiResponse.noContent());
    }

    public DeleteMethodHandler() { super(Api.fromEnvironment()); }

    public DeleteMethodHandler(Api api) { super(api); }
}
