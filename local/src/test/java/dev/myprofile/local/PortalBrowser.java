package dev.myprofile.local;

import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.BrowserTests;
import dev.myprofile.testkit.Moto;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** The browser tests' {@link BrowserTests} with the local portal as the site, started the ways they start it. */
final class PortalBrowser {
    private PortalBrowser() {}

    /** A portal started by {@code start}, opened at its URL. */
    static BrowserTests<LocalPortal> of(BrowserTests.Start<LocalPortal> start) {
        return BrowserTests.of(start, LocalPortal::url);
    }

    /** The portal with Cognito signing people in, on the shared moto_server, every exchange to {@code exchanges}. */
    static BrowserTests<LocalPortal> cognito(ApiContract.Recorder exchanges) {
        return of(() -> LocalPortal.start(0, Optional.of(Moto.shared().endpoint()), exchanges));
    }

    /** As {@link #cognito(ApiContract.Recorder)}, with the functions on {@code clock}. */
    static BrowserTests<LocalPortal> cognito(ApiContract.Recorder exchanges, Clock clock) {
        return of(() -> LocalPortal.start(0, Optional.of(Moto.shared().endpoint()), LocalPortal.SignIn.COGNITO, Map.of(),
                exchanges, clock));
    }

    /**
     * The portal with the development OpenID provider signing people in (its page lets a test choose the
     * token's claims: "this device", a single-factor sign-in), on the shared moto_server.
     */
    static BrowserTests<LocalPortal> developmentOidc(ApiContract.Recorder exchanges) {
        return of(() -> LocalPortal.start(0, Optional.of(Moto.shared().endpoint()), LocalPortal.SignIn.DEVELOPMENT_OIDC, Map.of(),
                exchanges, Clock.systemUTC()));
    }
}
