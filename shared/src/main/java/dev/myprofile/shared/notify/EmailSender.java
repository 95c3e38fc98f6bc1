package dev.myprofile.shared.notify;

import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.log.Log;

import java.util.Optional;

/**
 * The one way a function sends an email: to one address, a subject and a plain text, in words the
 * caller has already chosen (from its module's catalog, in the person's language). One implementation,
 * {@link SesEmailSender} (Amazon SES v2 through its SDK client, from {@code NOTIFICATION_SENDER}); tests
 * and other transports plug in here.
 */
@FunctionalInterface
public interface EmailSender {

    /**
     * Sends, or throws the transport's unchecked exception when the service did not accept the email (an
     * SDK exception: the pipeline answers 503, so the person knows it did not go).
     */
    void send(String to, String subject, String text);

    /**
     * Sends a notice about a change already made and recorded: a failure is logged (never the address)
     * and answered {@code false}, never thrown, so it cannot undo or fail the change.
     */
    default boolean sendBestEffort(String to, String subject, String text) {
        try {
            send(to, subject, text);
            return true;
        } catch (RuntimeException e) {
            Log.warn("email.not-sent", "exception", e.getClass().getSimpleName());
            return false;
        }
    }

    /** SES from {@code NOTIFICATION_SENDER} (a verified identity), one per container; none without a sender. */
    static Optional<EmailSender> from(Config config) {
        return SesEmailSender.from(config).map(sender -> sender);
    }
}
