package dev.myprofile.shared.notify;

import dev.myprofile.shared.config.AwsClients;
import dev.myprofile.shared.config.Config;
import software.amazon.awssdk.services.sesv2.SesV2Client;

import java.time.Duration;
import java.util.Optional;

/**
 * {@link EmailSender} through Amazon SES v2 ({@code SendEmail}, a simple text message in UTF-8) from
 * {@code NOTIFICATION_SENDER}, with the SES v2 client built as every SDK client is ({@link AwsClients};
 * {@code SES_ENDPOINT} overrides the endpoint: moto, locally and in tests). One client per container
 * and configuration, however many handlers or wirings ask for it.
 */
public final class SesEmailSender implements EmailSender {
    private static volatile SesEmailSender built;

    private final Config config;
    private final SesV2Client ses;
    private final String sender;

    private SesEmailSender(Config config, SesV2Client ses, String sender) {
        this.config = config;
        this.ses = ses;
        this.sender = sender;
    }

    /** The container's sender for {@code config}, built at the first call; none without {@code NOTIFICATION_SENDER}. */
    public static Optional<SesEmailSender> from(Config config) {
        Optional<String> sender = config.get("NOTIFICATION_SENDER").filter(s -> !s.isBlank());
        if (sender.isEmpty()) {
            return Optional.empty();
        }
        synchronized (SesEmailSender.class) {
            SesEmailSender current = built;
            if (current == null || current.config != config) {
                current = new SesEmailSender(config,
                        AwsClients.build(SesV2Client.builder(), config, "SES_ENDPOINT", Duration.ofSeconds(5)), sender.get());
                built = current;
            }
            return Optional.of(current);
        }
    }

    @Override
    public void send(String to, String subject, String text) {
        ses.sendEmail(r -> r.fromEmailAddress(sender)
                .destination(d -> d.toAddresses(to))
                .content(c -> c.simple(m -> m
                        .subject(s -> s.data(subject).charset("UTF-8"))
                        .body(b -> b.text(t -> t.data(text).charset("UTF-8"))))));
    }
}
