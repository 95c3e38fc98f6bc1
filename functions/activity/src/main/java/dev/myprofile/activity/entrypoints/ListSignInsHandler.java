package dev.myprofile.activity.entrypoints;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.myprofile.activity.signins.CognitoSignIns;
import dev.myprofile.activity.signins.SignIn;
import dev.myprofile.activity.signins.ThreatProtection;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.Json;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /me/sign-ins}: the caller's recent sign-ins, newest first, up to 60 a page
 * ({@code limit}), continued with {@code next} ({@code after}), from the pool's threat protection
 * (Cognito {@code AdminListUserAuthEvents}). When the pool keeps none (threat protection off, or no
 * Cognito pool at all) the answer says so ({@code threatProtection}) with an empty list, so the page
 * can say what turning it on would show.
 */
public final class ListSignInsHandler extends ApiFunction {
    private final SignInsWiring wiring;

    public ListSignInsHandler() {
        this(Api.fromEnvironment());
    }

    public ListSignInsHandler(Api api) {
        super(api);
        this.wiring = SignInsWiring.of(api);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        int limit = request.pageLimit(CognitoSignIns.MAX_PAGE);
        Optional<String> after = request.queryParameter("after");
        if (wiring.signIns().isEmpty()) {
            return answer(wiring.threatProtection(), List.of(), Optional.empty());
        }
        CognitoSignIns.Page page;
        try {
            page = wiring.signIns().get().list(SignInsWiring.username(caller), limit, after);
        } catch (CognitoSignIns.InvalidToken e) {
            throw ApiRequest.invalidContinuation();
        } catch (CognitoSignIns.NotKept e) {
            return answer(ThreatProtection.OFF, List.of(), Optional.empty());
        }
        return answer(wiring.threatProtection(), page.signIns(), page.next());
    }

    private static ApiResponse answer(ThreatProtection mode, List<SignIn> signIns, Optional<String> next) {
        return ApiResponse.json(200, g -> {
            g.writeStartObject();
            g.writeStringField("threatProtection", mode.wireName());
            g.writeArrayFieldStart("signIns");
            for (SignIn signIn : signIns) {
                write(g, signIn);
            }
            g.writeEndArray();
            g.writeStringField("next", next.orElse(null));
            g.writeEndObject();
        });
    }

    static void write(JsonGenerator g, SignIn signIn) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", signIn.id());
        g.writeStringField("at", signIn.at().toString());
        g.writeStringField("result", signIn.result().wireName());
        g.writeArrayFieldStart("steps");
        for (SignIn.Step step : signIn.steps()) {
            g.writeStartObject();
            g.writeStringField("step", step.step());
            g.writeBooleanField("passed", step.passed());
            g.writeEndObject();
        }
        g.writeEndArray();
        Json.field(g, "city", signIn.city());
        Json.field(g, "country", signIn.country());
        Json.field(g, "ipAddress", signIn.ipAddress());
        Json.field(g, "deviceName", signIn.deviceName());
        Json.field(g, "risk", signIn.risk());
        Json.field(g, "feedback", signIn.feedback());
        g.writeEndObject();
    }
}
