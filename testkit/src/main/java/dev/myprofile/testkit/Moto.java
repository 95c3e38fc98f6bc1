package dev.myprofile.testkit;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real DynamoDB API for tests and the local runtime: {@code moto_server} on a free loopback port,
 * started once per JVM and stopped with it — or the server {@code MOTO_ENDPOINT} names, when one
 * runs already. Tables are made per test class from template.yaml with unique names, so classes
 * never see each other's data.
 */
public final class Moto {
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "testing";
    public static final String SECRET_KEY = "testing";
    /** The switch that makes moto's Cognito check authenticator-app codes (.ci/run sets it too). */
    public static final String TOTP_CHECKS = "MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP";
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static Moto shared;

    private final URI endpoint;
    private final Process process;
    private final DynamoDbClient dynamo;

    private Moto(URI endpoint, Process process) {
        this.endpoint = endpoint;
        this.process = process;
        this.dynamo = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .endpointOverride(endpoint)
                .build();
    }

    public static synchronized Moto shared() {
        if (shared == null) {
            String configured = System.getenv("MOTO_ENDPOINT");
            shared = configured != null && !configured.isBlank() ? new Moto(URI.create(configured), null) : start(Path.of("target"));
        }
        return shared;
    }

    /** Starts a private moto_server; its output goes to {@code logDir/moto-PORT.log}. */
    public static Moto start(Path logDir) {
        try {
            int port = freePort();
            Files.createDirectories(logDir);
            Path log = logDir.resolve("moto-" + port + ".log");
            ProcessBuilder builder = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // Without it moto's Cognito accepts any authenticator-app code.
            builder.environment().put(TOTP_CHECKS, "true");
            Process process = builder.start();
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            Moto moto = new Moto(endpoint, process);
            Runtime.getRuntime().addShutdownHook(new Thread(moto::stop));
            moto.awaitReady(log);
            return moto;
        } catch (IOException e) {
            throw new UncheckedIOException("moto_server could not start (is Python moto installed?)", e);
        }
    }

    private void awaitReady(Path log) throws IOException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("moto_server exited: " + Files.readString(log));
            }
            try {
                if (get("/moto-api/data.json").length() >= 0) {
                    return;
                }
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        throw new IOException("moto_server did not answer within 30 s");
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    /**
     * Puts a SecureString parameter in moto's SSM (Parameter Store), as an operator puts the codes' key
     * (./deploy, README "Deploy to AWS"); replaces one of the same name.
     */
    public static void putSecureParameter(URI endpoint, String name, String value) {
        try (SsmClient ssm = SsmClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .endpointOverride(endpoint)
                .build()) {
            ssm.putParameter(r -> r.name(name).value(value).type(ParameterType.SECURE_STRING).overwrite(true));
        }
    }

    /** A new, empty table defined by template.yaml; its name is returned. */
    public String newTable() {
        String name = "myprofile-test-" + ProcessHandle.current().pid() + "-" + TABLES.incrementAndGet();
        SamTemplate.load().createTable(dynamo, name);
        return name;
    }

    private String get(String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
        connection.setConnectTimeout(1000);
        connection.setReadTimeout(5000);
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }

    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
