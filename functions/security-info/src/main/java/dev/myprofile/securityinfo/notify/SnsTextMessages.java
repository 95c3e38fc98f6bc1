package dev.myprofile.securityinfo.notify;

import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.config.AwsClients;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import java.time.Duration;
import java.util.Map;

/** Text messages through Amazon SNS (Publish to a phone number), marked transactional. */
public final class SnsTextMessages implements TextMessages {
    private final SnsClient sns;

    private SnsTextMessages(SnsClient sns) {
        this.sns = sns;
    }

    public static TextMessages fromConfig(Config config) {
        var client = AwsClients.build(SnsClient.builder(), config, "SNS_ENDPOINT", Duration.ofSeconds(5));
        return new SnsTextMessages(client);
    }

    @Override
    public void send(String phoneNumber, String message) {
        sns.publish(r -> r.phoneNumber(phoneNumber).message(message)
                .messageAttributes(Map.of("AWS.SNS.SMS.SMSType",
                        MessageAttributeValue.builder().dataType("String").stringValue("Transactional").build())));
    }
}
