package dev.myprofile.securityinfo.notify;

import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.log.Log;
import dev.myprofile.shared.notify.EmailSender;

import java.util.Optional;

/**
 * Security notices and our own emails (codes) through the layer's one email sender ({@link EmailSender}:
 * Amazon SES v2 from {@code NOTIFICATION_SENDER}, a verified identity). The change has happened by the
 * time a notice goes out, so a failure to send a notice is logged (without the address) and does not
 * undo it or fail the request; a code's failure is not swallowed.
 */
public final class SesNotifier implements Notifier, EmailMessages {
    private final EmailSender sender;

    SesNotifier(EmailSender sender) {
        this.sender = sender;
    }

    /** Without a configured sender no notice can go out: that is logged with each change. */
    public static Notifier fromConfig(Config config) {
        return withSender(config).<Notifier>map(n -> n)
                .orElse((address, notice, about) -> Log.warn("notice.not-sent", "notice", notice.name(), "reason", "no NOTIFICATION_SENDER"));
    }

    /** Our own emails (codes), from the same sender; none without one. */
    public static Optional<EmailMessages> messagesFromConfig(Config config) {
        return withSender(config).map(n -> n);
    }

    private static Optional<SesNotifier> withSender(Config config) {
        return EmailSender.from(config).map(SesNotifier::new);
    }

    /** A code must arrive or the person must hear it did not: failures are not swallowed here. */
    @Override
    public void send(String address, String subject, String body) {
        sender.send(address, subject, body);
    }

    @Override
    public void send(String address, Notice notice, Notice.About about) {
        Notice.Letter letter = notice.letter(about);
        if (sender.sendBestEffort(address, letter.subject(), letter.body())) {
            Log.info("notice.sent", "notice", notice.name());
        } else {
            Log.error("notice.failed", "notice", notice.name());
        }
    }
}
