package dev.wskit.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Signs test tokens the way an identity provider would: HS256 with {@link #SECRET}, RS256 and ES256 with keys made
 * once per JVM, whose public halves {@link #writeJwks} puts in a key set file. Thread-safe (immutable keys).
 */
public final class TokenMint {

    /** The shared secret the tests configure as {@code wskit.auth.hs256Secret} (32 bytes or more). */
    public static final String SECRET = "wskit-test-secret-0123456789abcdef-0123456789";

    public static final String ISSUER = "https://id.example.test";
    public static final String AUDIENCE = "wskit-test";

    public static final RSAKey RSA = generate(() -> new RSAKeyGenerator(2048).keyID("rsa-1").generate());
    public static final ECKey EC = generate(() -> new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate());

    private TokenMint() {
    }

    private interface Generator<T> {
        T generate() throws JOSEException;
    }

    private static <T> T generate(Generator<T> g) {
        try {
            return g.generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims for {@code subject}, from {@link #ISSUER} for {@link #AUDIENCE}, valid for ten minutes from now. */
    public static JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(List.of(AUDIENCE))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)));
    }

    /** An HS256 token for {@code subject} with the default claims. */
    public static String hs256(String subject) {
        return hs256(subject, b -> b);
    }

    /** An HS256 token for {@code subject}, its claims changed by {@code edit}. */
    public static String hs256(String subject, UnaryOperator<JWTClaimsSet.Builder> edit) {
        return sign(JWSAlgorithm.HS256, null, edit.apply(claims(subject)).build(), SECRET.getBytes(StandardCharsets.UTF_8));
    }

    public static String rs256(String subject) {
        return sign(JWSAlgorithm.RS256, RSA.getKeyID(), claims(subject).build(), RSA);
    }

    public static String es256(String subject) {
        return sign(JWSAlgorithm.ES256, EC.getKeyID(), claims(subject).build(), EC);
    }

    /** Signs {@code claims} with {@code key}: a byte[] secret, an RSAKey or an ECKey. */
    public static String sign(JWSAlgorithm alg, String kid, JWTClaimsSet claims, Object key) {
        try {
            JWSSigner signer = key instanceof byte[] secret ? new MACSigner(secret)
                    : key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the public RSA and EC keys as a JWK set file and returns it. */
    public static Path writeJwks(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, new JWKSet(List.of(RSA.toPublicJWK(), EC.toPublicJWK())).toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
