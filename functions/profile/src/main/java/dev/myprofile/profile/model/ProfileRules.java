package dev.myprofile.profile.model;

import java.util.regex.Pattern;

/** What a valid value of a profile field looks like. */
public final class ProfileRules {
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*");

    private ProfileRules() {}

    public static boolean isE164(String phone) {
        return E164.matcher(phone).matches();
    }

    public static boolean isLanguageTag(String tag) {
        return tag.length() <= Profile.MAX_LANGUAGE_TAG && LANGUAGE_TAG.matcher(tag).matches();
    }
}
