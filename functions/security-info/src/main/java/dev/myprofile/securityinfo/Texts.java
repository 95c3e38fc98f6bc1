package dev.myprofile.securityinfo;

import dev.myprofile.shared.text.Catalog;

/**
 * Security info's server texts ({@code texts_en.properties}, {@code texts_sv.properties} beside this
 * class): the codes' text messages and emails, the security notices, the password rules' reasons.
 * Loaded once per container, and refused at load when a language lacks a text or a slot.
 */
public final class Texts {
    public static final Catalog CATALOG = Catalog.load(Texts.class, "texts");

    private Texts() {}
}
