package dev.myprofile.local;

import dev.myprofile.testkit.Moto;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;

import java.net.URI;

/**
 * The security notices' side of the local runtime: moto's SES refuses a sender it does not know (as
 * the SES sandbox does), so the sender is made an identity first. What is sent is recorded at moto's
 * {@code /moto-api/data.json}.
 */
final class LocalNotices {
    private LocalNotices() {}

    static void allowSender(URI endpoint, String sender) {
        try (SesV2Client ses = SesV2Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(Moto.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(Moto.ACCESS_KEY, Moto.SECRET_KEY)))
                .endpointOverride(endpoint)
                .build()) {
            ses.createEmailIdentity(r -> r.emailIdentity(sender));
        } catch (AlreadyExistsException known) {
            // A moto that an earlier run (or another test class) already told.
        }
    }
}
