package dev.wskit.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.wskit.auth.TokenRefused.Reason;
import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Checks the signed tokens (JWT, compact JWS) clients present at the handshake: HS256 with the shared secret
 * {@code wskit.auth.hs256Secret}, RS256 and ES256 with the public keys of {@code wskit.auth.jwks}. Parsing and
 * signature checks are Nimbus JOSE+JWT's; the rules are wskit's, in this order: a token is present and at most
 * {@link #MAX_TOKEN_LENGTH} characters, is a signed JWT, its algorithm is one a configured key can check, its
 * signature verifies, it has an {@code exp} and has not expired, its {@code nbf} (if any) has passed (both within
 * {@code wskit.auth.clockSkew}), and its {@code iss} and {@code aud} match {@code wskit.auth.issuer} and
 * {@code wskit.auth.audience} when those are set. Claims are believed only after the signature is.
 *
 * <p>Thread-safe: immutable apart from the key file, which is itself thread-safe.
 */
public final class TokenVerifier {

    /** Longest token looked at, in characters; longer is refused as malformed before any parsing. */
    public static final int MAX_TOKEN_LENGTH = 8192;

    /** Shortest HS256 secret, in bytes: the hash's size (RFC 7518, 3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    private final JWSVerifier mac;
    private final JwksFile jwks;
    private final String audience;
    private final String issuer;
    private final Duration skew;
    private final Clock clock;

    TokenVerifier(byte[] secret, Path jwks, String audience, String issuer, Duration skew, Clock clock) {
        if (secret != null && secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("wskit.auth.hs256Secret must be at least " + MIN_SECRET_BYTES
                    + " bytes (UTF-8), not " + secret.length);
        }
        try {
            this.mac = secret == null ? null : new MACVerifier(secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("wskit.auth.hs256Secret cannot be used: " + e.getMessage(), e);
        }
        this.jwks = jwks == null ? null : new JwksFile(jwks, clock);
        this.audience = audience;
        this.issuer = issuer;
        this.skew = skew;
        this.clock = clock;
    }

    /**
     * The verifier the settings ask for, or {@code null} when sign-in is off (neither a secret nor a key file).
     *
     * @throws IllegalArgumentException naming the setting, when a secret is too short or the key file unusable
     */
    public static TokenVerifier from(Settings settings, Clock clock) {
        String secret = settings.text(Setting.AUTH_HS256_SECRET);
        String jwks = settings.text(Setting.AUTH_JWKS);
        if (secret.isEmpty() && jwks.isEmpty()) {
            return null;
        }
        return new TokenVerifier(secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8),
                jwks.isEmpty() ? null : Path.of(jwks), settings.text(Setting.AUTH_AUDIENCE),
                settings.text(Setting.AUTH_ISSUER), Duration.ofMillis(settings.get(Setting.AUTH_CLOCK_SKEW)), clock);
    }

    /** The algorithms the configured keys can check, for messages. */
    public List<String> algorithms() {
        List<String> algs = new ArrayList<>();
        if (mac != null) {
            algs.add("HS256");
        }
        if (jwks != null) {
            algs.add("RS256");
            algs.add("ES256");
        }
        return algs;
    }

    /**
     * @param token the compact token, or {@code null} when the client sent none
     * @return who the token names
     * @throws TokenRefused with one reason and a one-line message
     */
    public Identity verify(String token) throws TokenRefused {
        if (token == null || token.isEmpty()) {
            throw new TokenRefused(Reason.MISSING, "missing token: send it as the access_token query parameter"
                    + " or an Authorization: Bearer header");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new TokenRefused(Reason.MALFORMED, "malformed token: longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw new TokenRefused(Reason.MALFORMED, "malformed token: not a signed JWT (three base64url parts,"
                    + " header.payload.signature, with a JSON header naming a signing algorithm)");
        }
        checkSignature(jwt);
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw new TokenRefused(Reason.MALFORMED, "malformed token: its payload is not a JSON claims set");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new TokenRefused(Reason.MALFORMED, "malformed token: no exp claim (wskit accepts only tokens that expire)");
        }
        if (now.isAfter(exp.toInstant().plus(skew))) {
            throw new TokenRefused(Reason.EXPIRED, "expired token: it expired at " + exp.toInstant()
                    + " (server time " + now + ", wskit.auth.clockSkew " + skew.toMillis() + " ms)");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
            throw new TokenRefused(Reason.NOT_YET_VALID, "token not yet valid: valid from " + nbf.toInstant()
                    + " (server time " + now + ", wskit.auth.clockSkew " + skew.toMillis() + " ms)");
        }
        if (!issuer.isEmpty() && !issuer.equals(claims.getIssuer())) {
            throw new TokenRefused(Reason.WRONG_ISSUER, "wrong issuer: the token is from " + shown(claims.getIssuer())
                    + ", this server accepts '" + issuer + "' (wskit.auth.issuer)");
        }
        List<String> aud = claims.getAudience();
        if (!audience.isEmpty() && !aud.contains(audience)) {
            throw new TokenRefused(Reason.WRONG_AUDIENCE, "wrong audience: the token is for "
                    + (aud.isEmpty() ? "no audience" : shown(String.join(", ", aud))) + ", this server is '" + audience
                    + "' (wskit.auth.audience)");
        }
        String subject = claims.getSubject();
        Object nickClaim = claims.getClaim("nick");
        if (nickClaim != null && !(nickClaim instanceof String)) {
            throw new TokenRefused(Reason.MALFORMED, "malformed token: its nick claim is not a string");
        }
        String nick = nickClaim != null ? (String) nickClaim : subject;
        if (nick == null || nick.isEmpty()) {
            throw new TokenRefused(Reason.MALFORMED, "malformed token: it names nobody (no sub or nick claim)");
        }
        return new Identity(subject, nick, exp.toInstant());
    }

    private void checkSignature(SignedJWT jwt) throws TokenRefused {
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        List<JWSVerifier> verifiers = new ArrayList<>();
        if (JWSAlgorithm.HS256.equals(alg) && mac != null) {
            verifiers.add(mac);
        } else if ((JWSAlgorithm.RS256.equals(alg) || JWSAlgorithm.ES256.equals(alg)) && jwks != null) {
            String kid = jwt.getHeader().getKeyID();
            JWKMatcher.Builder matcher = new JWKMatcher.Builder()
                    .keyType(JWSAlgorithm.RS256.equals(alg) ? KeyType.RSA : KeyType.EC)
                    .keyUses(KeyUse.SIGNATURE, null)
                    .algorithms(alg, null)
                    .publicOnly(true);
            if (JWSAlgorithm.ES256.equals(alg)) {
                matcher.curve(Curve.P_256);
            }
            if (kid != null) {
                matcher.keyID(kid);
            }
            for (JWK key : new JWKSelector(matcher.build()).select(jwks.keys())) {
                verifiers.add(verifierFor(key));
            }
            if (verifiers.isEmpty()) {
                throw new TokenRefused(Reason.BAD_SIGNATURE, "bad signature: no " + alg + " key"
                        + (kid == null ? "" : " with kid " + shown(kid)) + " in wskit.auth.jwks");
            }
        } else {
            throw new TokenRefused(Reason.BAD_SIGNATURE, "bad signature: algorithm " + shown(String.valueOf(alg))
                    + " is not accepted here (accepted: " + String.join(", ", algorithms()) + ")");
        }
        for (JWSVerifier v : verifiers) {
            try {
                if (jwt.verify(v)) {
                    return;
                }
            } catch (JOSEException | RuntimeException e) {
                // Not this key: try the next one; none verifying is the refusal below.
            }
        }
        throw new TokenRefused(Reason.BAD_SIGNATURE, "bad signature: the token's " + alg
                + " signature does not verify with this server's key" + (verifiers.size() > 1 ? "s" : ""));
    }

    private static JWSVerifier verifierFor(JWK key) throws TokenRefused {
        try {
            return key instanceof RSAKey rsa ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECKey) key);
        } catch (JOSEException e) {
            throw new TokenRefused(Reason.BAD_SIGNATURE, "bad signature: key " + shown(key.getKeyID())
                    + " in wskit.auth.jwks cannot check signatures");
        }
    }

    /** A client-chosen value made safe for a one-line reason: quoted, printable, at most 64 characters. */
    static String shown(String value) {
        if (value == null) {
            return "nobody";
        }
        StringBuilder b = new StringBuilder("'");
        value.codePoints().limit(64).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        if (value.codePointCount(0, value.length()) > 64) {
            b.append("...");
        }
        return b.append('\'').toString();
    }
}
