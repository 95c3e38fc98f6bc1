package dev.myprofile.organizations.notify;

import dev.myprofile.shared.log.Log;
import dev.myprofile.shared.notify.EmailSender;
import dev.myprofile.shared.platform.Platform;

/**
 * A notification email to the user about a change to their account, through the layer's one email
 * sender ({@link EmailSender}: Amazon SES v2 from {@code NOTIFICATION_SENDER}; {@code SES_ENDPOINT}
 * overrides the endpoint, moto). Best effort: the change is made and recorded already, so a failure is
 * logged, never the request's answer. No {@code NOTIFICATION_SENDER}: nothing is sent.
 */
public interface Notifier {

    /** Sends (or not); never throws. */
    void send(String to, String subject, String text);

    Notifier NONE = (to, subject, text) -> {};

    static Notifier from(Platform platform) {
        return EmailSender.from(platform.config()).<Notifier>map(sender -> (to, subject, text) -> {
            if (sender.sendBestEffort(to, subject, text)) {
                Log.info("notification.sent");
            }
        }).orElse(NONE);
    }
}
