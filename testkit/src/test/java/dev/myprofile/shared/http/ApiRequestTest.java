package dev.myprofile.shared.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiRequestTest {
    @Test
    void json_media_types_are_accepted_with_or_without_a_UTF_8_charset() {
        assertTrue(ApiRequest.isJson("application/json"));
        assertTrue(ApiRequest.isJson("Application/JSON; charset=UTF-8"));
        assertTrue(ApiRequest.isJson("application/merge-patch+json"));
        assertTrue(ApiRequest.isJson("application/json;charset=\"utf-8\""));
    }

    @Test
    void other_media_types_and_charsets_are_refused() {
        assertFalse(ApiRequest.isJson(""));
        assertFalse(ApiRequest.isJson("text/plain"));
        assertFalse(ApiRequest.isJson("application/x-www-form-urlencoded"));
        assertFalse(ApiRequest.isJson("application/json; charset=iso-8859-1"));
        assertFalse(ApiRequest.isJson("application/jsonp"));
    }
}
