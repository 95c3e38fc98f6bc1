package dev.myprofile.organizations.entrypoints;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.myprofile.organizations.export.DataExport;
import dev.myprofile.organizations.export.ExportBucket;
import dev.myprofile.organizations.export.SignInServiceRecord;
import dev.myprofile.organizations.model.PortalData;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.auth.DynamoMfaMethods;
import dev.myprofile.shared.auth.MfaMethods;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.Json;
import dev.myprofile.shared.json.ObjectSchema;
import dev.myprofile.shared.log.Log;
import dev.myprofile.shared.problem.Problem;
import dev.myprofile.shared.text.Language;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /me/export}: "download my data" (step-up). The partition is written page by page to a
 * file in the function's temporary space, so memory holds one page whatever the account's size. A
 * document up to {@code EXPORT_INLINE_MAX_BYTES} (default 4 MB, under Lambda's 6 MB response limit)
 * is the answer itself ({@code {"export": {...}}}); a larger one goes to the export bucket and the
 * answer is a link that works for five minutes ({@code {"download": url, "expiresAt", "bytes"}}).
 * What the sign-in service keeps (Cognito's user, passkeys and, with threat protection, every
 * authentication event it keeps for the person) is read first and ends the document; when any of it
 * cannot be read the export is refused (503, try again) rather than handed over incomplete, and when
 * the sign-in service refuses the token itself (revoked) it is 401, as on every route that asks it with
 * the person's token: retrying cannot succeed. What the document says in words (no sign-ins kept, or
 * only the newest) is in the page's language ({@code Accept-Language}).
 */
public final class ExportHandler extends ApiFunction {
    private static final ObjectSchema BODY = ObjectSchema.builder().build();
    private static final long DEFAULT_INLINE_MAX = 4L * 1024 * 1024;

    private final DataExport export;
    private final Optional<ExportBucket> bucket;
    private final long inlineMax;
    private final MfaMethods mfaMethods;
    private final Optional<SignInServiceRecord> signInService;

    public ExportHandler() {
        this(Api.fromEnvironment());
    }

    public ExportHandler(Api api) {
        this(api, new DynamoMfaMethods(api.platform().dynamo(), api.platform().table()));
    }

    public ExportHandler(Api api, MfaMethods mfaMethods) {
        super(api);
        var platform = api.platform();
        this.export = new DataExport(platform.dynamo(), platform.table(), PortalData.kinds(platform.config()));
        this.bucket = ExportBucket.from(platform);
        this.inlineMax = Long.parseLong(platform.config().get("EXPORT_INLINE_MAX_BYTES", Long.toString(DEFAULT_INLINE_MAX)));
        this.mfaMethods = mfaMethods;
        this.signInService = SignInServiceRecord.from(platform.config());
    }

    /** The {@code signInService} value: the record read now, or null with another OpenID provider. */
    private Json.Writer signInServiceRecord(ApiRequest request) {
        if (signInService.isEmpty()) {
            return JsonGenerator::writeNull;
        }
        try {
            return signInService.get().read(request.bearerToken(),
                    Language.choose(Optional.empty(), request.header("accept-language")));
        } catch (SignInServiceRecord.TokenRefused e) {
            Log.warn("export.token_refused", "reason", e.getMessage());
            throw Problem.of(401, "unauthorized", "Please sign in again", "The sign-in service no longer accepts this sign-in.")
                    .withHeader("WWW-Authenticate",
                            "Bearer error=\"invalid_token\", error_description=\"The sign-in service refused the token\"");
        } catch (SignInServiceRecord.Unavailable e) {
            Log.warn("export.incomplete", "reason", e.getMessage());
            throw Problem.unavailable("What the sign-in service keeps about you could not be read just now, so nothing was exported. Try again.");
        }
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        if (request.hasBody()) {
            BODY.parse(request.jsonBody());
        }
        api.stepUp().require(caller, mfaMethods);
        Json.Writer signInRecord = signInServiceRecord(request);
        Instant now = api.clock().instant();
        Path file = null;
        try {
            file = Files.createTempFile("export-", ".json");
            DataExport.Summary summary;
            try (OutputStream out = Files.newOutputStream(file)) {
                summary = export.write(caller.userKey(), now, out, g -> {
                    g.writeFieldName("signInService");
                    signInRecord.write(g);
                });
            }
            long bytes = Files.size(file);
            Log.info("export.written", "items", summary.items(), "unknown", summary.unknown(), "bytes", bytes,
                    "requests", summary.requests());
            if (bytes <= inlineMax) {
                String document = Files.readString(file, StandardCharsets.UTF_8);
                return new ApiResponse(200, java.util.Map.of("Content-Type", ApiResponse.JSON,
                        "Content-Disposition", "attachment; filename=\"my-profile-data.json\""),
                        "{\"export\":" + document + "}");
            }
            if (bucket.isEmpty()) {
                throw Problem.unavailable("Your data is too large to download here, and no export storage is configured.");
            }
            URI link = bucket.get().put("exports/" + UUID.randomUUID() + ".json", file);
            Instant expiresAt = now.plus(ExportBucket.LINK_LIFETIME);
            long size = bytes;
            return ApiResponse.json(200, g -> {
                g.writeStartObject();
                g.writeStringField("download", link.toString());
                g.writeStringField("expiresAt", expiresAt.toString());
                g.writeNumberField("bytes", size);
                g.writeEndObject();
            });
        } catch (IOException e) {
            Log.error("export.failed", "exception", e.getClass().getName());
            throw Problem.unavailable("Your data could not be exported just now. Try again.");
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // Lambda's temporary space is the container's own and is reclaimed with it.
                }
            }
        }
    }
}
