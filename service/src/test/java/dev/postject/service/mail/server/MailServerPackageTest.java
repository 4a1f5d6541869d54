package dev.postject.service.mail.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The SMTP server is a leaf library: the JDK, BouncyCastle and slf4j, nothing else of Postject's. */
@AnalyzeClasses(packages = "dev.postject.service.mail.server", importOptions = ImportOption.DoNotIncludeTests.class)
class MailServerPackageTest {

    @ArchTest
    static final ArchRule theServerDependsOnlyOnTheJdkBouncyCastleAndSlf4j = classes()
            .that()
            .resideInAPackage("dev.postject.service.mail.server..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                    "dev.postject.service.mail.server..",
                    "java..",
                    "javax.net..",
                    "javax.security..",
                    "org.bouncycastle..",
                    "org.slf4j..");
}
