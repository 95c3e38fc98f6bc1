package dev.myprofile.shared.config;

import dev.myprofile.shared.config.Config.ConfigException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The one rule for configured URLs: HTTPS, or HTTP to this machine only. */
class SecureUrlsTest {

    @Test
    void https_anywhere_and_http_to_a_loopback_address_are_taken() {
        assertEquals("issuer.example", SecureUrls.require("ISSUER", "https://issuer.example/pool").getHost());
        SecureUrls.require("JWKS_URI", "http://127.0.0.1:5000/keys");
        SecureUrls.require("JWKS_URI", "http://localhost:5000/keys");
        SecureUrls.require("JWKS_URI", "http://[::1]:5000/keys");
    }

    @Test
    void http_to_another_host_is_refused_with_the_setting_named() {
        ConfigException e = assertThrows(ConfigException.class, () -> SecureUrls.require("JWKS_URI", "http://keys.example/jwks"));
        assertEquals("JWKS_URI must be an https:// URL (http:// only to this machine): http://keys.example/jwks", e.getMessage());
        assertThrows(ConfigException.class, () -> SecureUrls.require("ISSUER", "ftp://127.0.0.1/"));
        assertThrows(ConfigException.class, () -> SecureUrls.require("ISSUER", "not a url"));
    }

    @Test
    void a_localhost_subdomain_over_http_is_only_for_urls_a_browser_opens() {
        // The functions fetch with Java, whose resolver may send login.localhost anywhere: refused.
        assertThrows(ConfigException.class, () -> SecureUrls.require("JWKS_URI", "http://login.localhost:9000/keys"));
        // A link the browser follows: browsers keep *.localhost on this machine.
        assertEquals("login.localhost", SecureUrls.requireForBrowser("MANAGED_LOGIN_URL", "http://login.localhost:9000").getHost());
        assertThrows(ConfigException.class, () -> SecureUrls.requireForBrowser("MANAGED_LOGIN_URL", "http://login.example:9000"));
        assertThrows(ConfigException.class, () -> SecureUrls.requireForBrowser("MANAGED_LOGIN_URL", "http://localhost.example"));
    }
}
