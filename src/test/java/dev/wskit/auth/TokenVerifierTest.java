package dev.wskit.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.wskit.auth.TokenRefused.Reason;
import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import dev.wskit.testing.TokenMint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenVerifierTest {

    @TempDir
    Path dir;

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    private TokenVerifier verifier(Duration skew) {
        return new TokenVerifier(TokenMint.SECRET.getBytes(StandardCharsets.UTF_8), TokenMint.writeJwks(dir.resolve("jwks.json")),
                TokenMint.AUDIENCE, TokenMint.ISSUER, skew, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private TokenVerifier verifier() {
        return verifier(Duration.ZERO);
    }

    private static JWTClaimsSet.Builder at(JWTClaimsSet.Builder b) {
        return b.issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(600)));
    }

    private static TokenRefused refused(TokenVerifier v, String token, Reason reason) {
        TokenRefused e = assertThrows(TokenRefused.class, () -> v.verify(token));
        assertEquals(reason, e.reason(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        if (token != null && token.length() > 10) {
            assertFalse(e.getMessage().contains(token), "the reason must not hold the token");
        }
        return e;
    }

    @Test
    void acceptsAValidTokenOfEachAlgorithmAndNamesItsSubject() throws TokenRefused {
        TokenVerifier v = verifier();
        assertEquals("alice", v.verify(TokenMint.hs256("alice", TokenVerifierTest::at)).nick());
        String rs = TokenMint.sign(JWSAlgorithm.RS256, "rsa-1", at(TokenMint.claims("bob")).build(), TokenMint.RSA);
        assertEquals("bob", v.verify(rs).subject());
        String es = TokenMint.sign(JWSAlgorithm.ES256, "ec-1", at(TokenMint.claims("carol")).build(), TokenMint.EC);
        Identity carol = v.verify(es);
        assertEquals("carol", carol.nick());
        assertEquals(NOW.plusSeconds(600), carol.expires());
    }

    @Test
    void theNickClaimWinsOverTheSubject() throws TokenRefused {
        Identity id = verifier().verify(TokenMint.hs256("u-1234", b -> at(b).claim("nick", "Ann")));
        assertEquals("u-1234", id.subject());
        assertEquals("Ann", id.nick());
        refused(verifier(), TokenMint.hs256("u-1", b -> at(b).claim("nick", 42)), Reason.MALFORMED);
    }

    @Test
    void refusesAMissingToken() {
        assertTrue(refused(verifier(), null, Reason.MISSING).getMessage().contains("access_token"));
        refused(verifier(), "", Reason.MISSING);
    }

    @Test
    void refusesMalformedTokens() {
        refused(verifier(), "not-a-token", Reason.MALFORMED);
        refused(verifier(), "a.b.c", Reason.MALFORMED);
        refused(verifier(), "x".repeat(TokenVerifier.MAX_TOKEN_LENGTH + 1), Reason.MALFORMED);
        // alg "none": an unsigned token is not a signed JWT.
        String none = b64("{\"alg\":\"none\"}") + "." + b64("{\"sub\":\"mallory\",\"exp\":9999999999}") + ".";
        refused(verifier(), none, Reason.MALFORMED);
        // A signed token without exp, or naming nobody.
        refused(verifier(), TokenMint.hs256("alice", b -> b.expirationTime(null)), Reason.MALFORMED);
        assertTrue(refused(verifier(), TokenMint.hs256(null, TokenVerifierTest::at), Reason.MALFORMED).getMessage().contains("nobody"));
    }

    @Test
    void refusesABadSignature() {
        String token = TokenMint.hs256("alice", TokenVerifierTest::at);
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + b64("{\"sub\":\"admin\",\"exp\":" + NOW.plusSeconds(600).getEpochSecond() + "}") + "." + parts[2];
        refused(verifier(), forged, Reason.BAD_SIGNATURE);
        // Signed with another secret, another RSA key, or an algorithm no key is configured for.
        String otherSecret = TokenMint.sign(JWSAlgorithm.HS256, null, at(TokenMint.claims("alice")).build(),
                "another-secret-another-secret-another-secret".getBytes(StandardCharsets.UTF_8));
        refused(verifier(), otherSecret, Reason.BAD_SIGNATURE);
        String hs512 = TokenMint.sign(JWSAlgorithm.HS512, null, at(TokenMint.claims("alice")).build(),
                (TokenMint.SECRET + TokenMint.SECRET).getBytes(StandardCharsets.UTF_8));
        assertTrue(refused(verifier(), hs512, Reason.BAD_SIGNATURE).getMessage().contains("HS512"));
    }

    @Test
    void refusesAnRsaTokenFromAnUnknownKey() throws Exception {
        var stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        String token = TokenMint.sign(JWSAlgorithm.RS256, "rsa-1", at(TokenMint.claims("bob")).build(), stranger);
        refused(verifier(), token, Reason.BAD_SIGNATURE);
        String unknownKid = TokenMint.sign(JWSAlgorithm.RS256, "rsa-9", at(TokenMint.claims("bob")).build(), TokenMint.RSA);
        assertTrue(refused(verifier(), unknownKid, Reason.BAD_SIGNATURE).getMessage().contains("rsa-9"));
    }

    @Test
    void anHs256OnlyVerifierRefusesRsaTokens() {
        TokenVerifier v = new TokenVerifier(TokenMint.SECRET.getBytes(StandardCharsets.UTF_8), null, "", "", Duration.ZERO,
                Clock.fixed(NOW, ZoneOffset.UTC));
        String rs = TokenMint.sign(JWSAlgorithm.RS256, "rsa-1", at(TokenMint.claims("bob")).build(), TokenMint.RSA);
        assertTrue(refused(v, rs, Reason.BAD_SIGNATURE).getMessage().contains("accepted: HS256"));
    }

    @Test
    void refusesAnExpiredTokenUnlessWithinTheClockSkew() throws TokenRefused {
        String token = TokenMint.hs256("alice", b -> b.expirationTime(Date.from(NOW.minusSeconds(30))));
        assertTrue(refused(verifier(), token, Reason.EXPIRED).getMessage().contains("expired at 2030-01-01T11:59:30Z"));
        refused(verifier(Duration.ofSeconds(29)), token, Reason.EXPIRED);
        assertEquals("alice", verifier(Duration.ofSeconds(30)).verify(token).nick());
    }

    @Test
    void refusesATokenNotYetValidUnlessWithinTheClockSkew() throws TokenRefused {
        String token = TokenMint.hs256("alice", b -> at(b).notBeforeTime(Date.from(NOW.plusSeconds(45))));
        refused(verifier(), token, Reason.NOT_YET_VALID);
        refused(verifier(Duration.ofSeconds(44)), token, Reason.NOT_YET_VALID);
        assertEquals("alice", verifier(Duration.ofSeconds(45)).verify(token).nick());
    }

    @Test
    void refusesTheWrongAudience() {
        String token = TokenMint.hs256("alice", b -> at(b).audience(List.of("another-service")));
        TokenRefused e = refused(verifier(), token, Reason.WRONG_AUDIENCE);
        assertTrue(e.getMessage().contains("'another-service'") && e.getMessage().contains("wskit.auth.audience"), e.getMessage());
        refused(verifier(), TokenMint.hs256("alice", b -> at(b).audience((String) null)), Reason.WRONG_AUDIENCE);
    }

    @Test
    void refusesTheWrongIssuer() {
        String token = TokenMint.hs256("alice", b -> at(b).issuer("https://evil.example\nX-Injected: 1"));
        TokenRefused e = refused(verifier(), token, Reason.WRONG_ISSUER);
        assertTrue(e.getMessage().contains("wskit.auth.issuer"), e.getMessage());
    }

    @Test
    void withoutAudienceOrIssuerSettingsAnyIsAccepted() throws TokenRefused {
        TokenVerifier v = new TokenVerifier(TokenMint.SECRET.getBytes(StandardCharsets.UTF_8), null, "", "", Duration.ZERO,
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertEquals("alice", v.verify(TokenMint.hs256("alice", b -> at(b).issuer("x").audience("y"))).nick());
    }

    @Test
    void settingsTurnSignInOnAndRefuseAShortSecret() {
        assertEquals(null, TokenVerifier.from(Settings.defaults(), Clock.systemUTC()));
        Settings on = Settings.defaults().withText(Setting.AUTH_HS256_SECRET, TokenMint.SECRET);
        assertEquals(List.of("HS256"), TokenVerifier.from(on, Clock.systemUTC()).algorithms());
        String limitMinusOne = "s".repeat(TokenVerifier.MIN_SECRET_BYTES - 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenVerifier.from(
                Settings.defaults().withText(Setting.AUTH_HS256_SECRET, limitMinusOne), Clock.systemUTC()));
        assertTrue(e.getMessage().contains("wskit.auth.hs256Secret must be at least 32 bytes"), e.getMessage());
        TokenVerifier.from(Settings.defaults().withText(Setting.AUTH_HS256_SECRET, "s".repeat(TokenVerifier.MIN_SECRET_BYTES)),
                Clock.systemUTC());
        e = assertThrows(IllegalArgumentException.class, () -> TokenVerifier.from(
                Settings.defaults().withText(Setting.AUTH_JWKS, dir.resolve("missing.json").toString()), Clock.systemUTC()));
        assertTrue(e.getMessage().startsWith("wskit.auth.jwks: cannot use"), e.getMessage());
    }

    @Test
    void theSecretNeverAppearsInTheSettingsLogLine() {
        Settings on = Settings.defaults().withText(Setting.AUTH_HS256_SECRET, TokenMint.SECRET);
        assertFalse(on.toString().contains(TokenMint.SECRET), on.toString());
        assertTrue(on.toString().contains("(secret)"), on.toString());
        assertEquals("WSKIT_AUTH_HS256SECRET", Setting.AUTH_HS256_SECRET.envName());
    }

    @Test
    void aRotatedKeyFileIsReadAgainAndAHalfWrittenOneKeepsTheOldKeys() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(NOW);
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        Path jwks = dir.resolve("rotating.json");
        var first = new RSAKeyGenerator(2048).keyID("k1").generate();
        var second = new RSAKeyGenerator(2048).keyID("k2").generate();
        Files.writeString(jwks, new com.nimbusds.jose.jwk.JWKSet(first.toPublicJWK()).toString());
        TokenVerifier v = new TokenVerifier(null, jwks, "", "", Duration.ZERO, clock);
        String byFirst = TokenMint.sign(JWSAlgorithm.RS256, "k1", at(TokenMint.claims("a")).build(), first);
        String bySecond = TokenMint.sign(JWSAlgorithm.RS256, "k2", at(TokenMint.claims("b")).build(), second);
        v.verify(byFirst);
        refused(v, bySecond, Reason.BAD_SIGNATURE);

        Files.writeString(jwks, new com.nimbusds.jose.jwk.JWKSet(second.toPublicJWK()).toString());
        Files.setLastModifiedTime(jwks, FileTime.from(Instant.now().plusSeconds(5)));
        refused(v, bySecond, Reason.BAD_SIGNATURE); // looked at no more than once a second
        now.set(NOW.plusMillis(JwksFile.CHECK_EVERY));
        v.verify(bySecond);
        refused(v, byFirst, Reason.BAD_SIGNATURE);

        Files.writeString(jwks, "{\"keys\": [");
        Files.setLastModifiedTime(jwks, FileTime.from(Instant.now().plusSeconds(10)));
        now.set(NOW.plusMillis(3 * JwksFile.CHECK_EVERY));
        v.verify(bySecond);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
