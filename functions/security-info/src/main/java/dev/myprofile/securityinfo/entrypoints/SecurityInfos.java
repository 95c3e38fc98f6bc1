package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.model.Masking;
import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.model.Passkey;
import dev.myprofile.securityinfo.model.SecurityInfo;
import dev.myprofile.securityinfo.model.SecurityMethod;

import dev.myprofile.securityinfo.signin.SignInMethods.Account;
import dev.myprofile.securityinfo.signin.SignInMethods.PasskeyCredential;
import dev.myprofile.securityinfo.store.MethodStore.Stored;
import dev.myprofile.securityinfo.store.MethodStore.StoredMethod;
import dev.myprofile.securityinfo.store.MethodStore.StoredPasskey;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The page as the person sees it: what the sign-in service says is in force, named and dated from our
 * items. A method exists when the sign-in service has it (our item alone shows nothing); one it has
 * without our item (added elsewhere, or before My Profile) shows without a name or date.
 */
final class SecurityInfos {
    private SecurityInfos() {}

    static SecurityInfo of(Account account, Stored stored, boolean twoStepRequired) {
        return of(account, stored, twoStepRequired, List.of());
    }

    /**
     * With the passkeys the sign-in service lists, named and dated from our items: a passkey is a way
     * to sign in that cannot be phished, but it does not turn two-step verification on.
     */
    static SecurityInfo of(Account account, Stored stored, boolean twoStepRequired, List<PasskeyCredential> credentials) {
        List<SecurityMethod> methods = new ArrayList<>();
        if (account.secondSteps().contains(MethodType.AUTHENTICATOR_APP)) {
            methods.add(method(MethodType.AUTHENTICATOR_APP, stored, Optional.empty(), account,
                    List.of(SecurityMethod.SIGN_IN)));
        }
        if (account.attribute("phone_number").isPresent() && account.verified("phone_number")) {
            List<String> usedFor = account.secondSteps().contains(MethodType.PHONE)
                    ? List.of(SecurityMethod.SIGN_IN, SecurityMethod.PASSWORD_RESET)
                    : List.of(SecurityMethod.PASSWORD_RESET);
            methods.add(method(MethodType.PHONE, stored, account.attribute("phone_number").map(Masking::phone), account, usedFor));
        }
        if (account.attribute("email").isPresent() && account.verified("email")) {
            methods.add(method(MethodType.EMAIL, stored, account.attribute("email").map(Masking::email), account,
                    List.of(SecurityMethod.PASSWORD_RESET)));
        }
        boolean resetReady = account.verified("email") || account.verified("phone_number");
        // A passkey is a first factor with Cognito: it never makes a password sign-in ask for a second
        // step, so only a second step turns two-step verification on (SECURITY.md).
        SecurityInfo.TwoStep twoStep = twoStepRequired ? SecurityInfo.TwoStep.REQUIRED
                : account.secondSteps().isEmpty() ? SecurityInfo.TwoStep.OFF : SecurityInfo.TwoStep.ON;
        List<Passkey> passkeys = credentials.stream().map(c -> passkey(c, stored)).toList();
        return new SecurityInfo(methods, stored.passwordChangedAt(), resetReady, twoStep, passkeys);
    }

    static Passkey passkey(PasskeyCredential credential, Stored stored) {
        Optional<StoredPasskey> ours = Optional.ofNullable(stored.passkeys().get(credential.id()));
        return new Passkey(credential.id(), ours.flatMap(StoredPasskey::name), credential.authenticatorName(),
                credential.createdAt(), credential.attachment(), credential.transports(),
                ours.flatMap(StoredPasskey::withoutPassword));
    }

    private static SecurityMethod method(MethodType type, Stored stored, Optional<String> target, Account account,
                                         List<String> usedFor) {
        Optional<StoredMethod> ours = Optional.ofNullable(stored.methods().get(type));
        boolean isDefault = type.secondStep() && account.preferred().filter(type::equals).isPresent();
        return new SecurityMethod(type, ours.map(StoredMethod::name).filter(n -> !n.isBlank()), target,
                ours.map(StoredMethod::addedAt), isDefault, usedFor);
    }
}
