package dev.myprofile.securityinfo.notify;

import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.config.AwsClients;
import dev.myprofile.shared.log.Log;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;

import java.time.Duration;
import java.util.Optional;

/**
 * Security notices through Amazon SES v2 from {@code NOTIFICATION_SENDER} (a verified identity). The
 * change has happened by the time a notice goes out, so a failure to send is logged (without the
 * address) and does not undo it or fail the request.
 */
public final class SesNotifier implements Notifier, EmailMessages {
    private final SesV2Client ses;
    private final String sender;

    private SesNotifier(SesV2Client ses, String sender) {
        this.ses = ses;
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
        Optional<String> sender = config.get("NOTIFICATION_SENDER").filter(s -> !s.isBlank());
        if (sender.isEmpty()) {
            return Optional.empty();
        }
        var client = AwsClients.build(SesV2Client.builder(), config, "SES_ENDPOINT", Duration.ofSeconds(5));
        return Optional.of(new SesNotifier(client, sender.get()));
    }

    /** A code must arrive or the person must hear it did not: failures are not swallowed here. */
    @Override
    public void send(String address, String subject, String body) {
        ses.sendEmail(r -> r.fromEmailAddress(sender)
                .destination(d -> d.toAddresses(address))
                .content(c -> c.simple(m -> m
                        .subject(s -> s.data(subject).charset("UTF-8"))
                        .body(b -> b.text(t -> t.data(body).charset("UTF-8"))))));
    }

    @Override
    public void send(String address, Notice notice, Notice.About about) {
        Notice.Letter letter = notice.letter(about);
        try {
            ses.sendEmail(r -> r.fromEmailAddress(sender)
                    .destination(d -> d.toAddresses(address))
                    .content(c -> c.simple(m -> m
                            .subject(s -> s.data(letter.subject()).charset("UTF-8"))
                            .body(b -> b.text(t -> t.data(letter.body()).charset("UTF-8"))))));
            Log.info("notice.sent", "notice", notice.name());
        } catch (SdkException e) {
            Log.error("notice.failed", "notice", notice.name(), "exception", e.getClass().getSimpleName());
        }
    }
}
