package io.infergate.testsupport;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made on the spot for TLS tests: a certificate authority, and certificates it signs
 * for a server (valid for 127.0.0.1 and localhost) or a client, each written as PEM files (the
 * certificate, and its key in PKCS#8). Nothing is read from or kept in the repository.
 */
public final class TestCertificates {
    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());
    private static final Duration VALIDITY = Duration.ofDays(2);

    private final Path folder;
    private final String caName;
    private final KeyPair caKeys;
    private final X509CertificateHolder caCertificate;

    private TestCertificates(Path folder, String caName) {
        this.folder = folder;
        this.caName = caName;
        this.caKeys = newKeys();
        Instant now = Instant.now();
        this.caCertificate = sign(new X500Name("CN=" + caName), caKeys, now.minus(Duration.ofHours(1)),
                now.plus(VALIDITY), true, null);
        write(folder.resolve(caName + ".crt"), caCertificate);
    }

    /** A new certificate authority whose files go to {@code folder} under {@code name}. */
    public static TestCertificates authority(Path folder, String name) {
        return new TestCertificates(folder, name);
    }

    /** The authority's certificate (PEM): what a peer trusts. */
    public Path caCertificate() {
        return folder.resolve(caName + ".crt");
    }

    /** A server certificate for 127.0.0.1 and localhost, valid now. */
    public Pem server(String name) {
        Instant now = Instant.now();
        return issue(name, now.minus(Duration.ofHours(1)), now.plus(VALIDITY), true);
    }

    /** A client certificate, valid now. */
    public Pem client(String name) {
        Instant now = Instant.now();
        return issue(name, now.minus(Duration.ofHours(1)), now.plus(VALIDITY), false);
    }

    /** A certificate (server names included) whose validity ended yesterday. */
    public Pem expired(String name) {
        Instant now = Instant.now();
        return issue(name, now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)), true);
    }

    private Pem issue(String name, Instant notBefore, Instant notAfter, boolean serverNames) {
        KeyPair keys = newKeys();
        X509CertificateHolder certificate = sign(new X500Name("CN=" + name), keys, notBefore, notAfter, false,
                serverNames ? new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost")}) : null);
        Pem pem = new Pem(folder.resolve(name + ".crt"), folder.resolve(name + ".key"));
        write(pem.certificate(), certificate);
        try {
            write(pem.key(), new JcaPKCS8Generator(keys.getPrivate(), null).generate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pem;
    }

    private X509CertificateHolder sign(X500Name subject, KeyPair keys, Instant notBefore, Instant notAfter,
            boolean authority, GeneralNames names) {
        X500Name issuer = authority ? subject : caCertificate.getSubject();
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            if (authority) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            }
            if (names != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, names);
            }
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA")
                    .build(authority ? keys.getPrivate() : caKeys.getPrivate());
            return builder.build(signer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, Object pemObject) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(pemObject);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            // written whole, then moved: a server polling the file never reads half of it
            Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
            Files.writeString(partial, text.toString());
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A certificate and its private key as PEM files.
     *
     * @param certificate the certificate
     * @param key         its private key (PKCS#8)
     */
    public record Pem(Path certificate, Path key) {
    }
}
