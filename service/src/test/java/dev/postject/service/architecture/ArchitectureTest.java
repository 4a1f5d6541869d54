package dev.postject.service.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The module arrows and layering rules of STYLE.md, checked on the compiled classes. */
@AnalyzeClasses(packages = "dev.postject", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule events_dependOnNothingOfOurs = noClasses()
            .that()
            .resideInAPackage("dev.postject.events..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.postject.projections..", "dev.postject.service..");

    @ArchTest
    static final ArchRule projections_doNotDependOnTheService = noClasses()
            .that()
            .resideInAPackage("dev.postject.projections..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.postject.service..");

    @ArchTest
    static final ArchRule projections_speakNoHttp = noClasses()
            .that()
            .resideInAPackage("dev.postject.projections..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("jakarta.ws.rs..", "io.dropwizard..");

    @ArchTest
    static final ArchRule resources_neverTouchAggregates = noClasses()
            .that()
            .resideInAPackage("dev.postject.service.resources..")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("dev.postject.service.account.Account")
            .orShould()
            .dependOnClassesThat()
            .resideInAPackage("org.axonframework.modelling..");

    @ArchTest
    static final ArchRule onlyMail_speaksSmtp = noClasses()
            .that()
            .resideOutsideOfPackage("dev.postject.service.mail..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.eclipse.angus.mail.smtp..", "org.subethamail..")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("jakarta.mail.Transport");

    @ArchTest
    static final ArchRule responseBodies_neverExposeEvents = noClasses()
            .that()
            .resideInAPackage("dev.postject.service.resources.api..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.postject.events..");
}
