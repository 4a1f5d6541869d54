package dev.postject.service.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.ws.rs.HttpMethod;
import org.axonframework.eventsourcing.EventSourcingHandler;

/** The module arrows and layering rules of STYLE.md, checked on the compiled classes. */
@AnalyzeClasses(packages = "dev.postject", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String SERVICE = "dev.postject.service";

    /** Aggregates and their entities: whatever sources its state from events. */
    private static final DescribedPredicate<JavaClass> AGGREGATES = DescribedPredicate.describe(
            "are aggregates or aggregate members",
            type -> type.getMethods().stream().anyMatch(method -> method.isAnnotatedWith(EventSourcingHandler.class)));

    @ArchTest
    static final ArchRule servicePackages_areFreeOfCycles =
            slices().matching(SERVICE + ".(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule everyPackage_includingSubPackages_isFreeOfCycles =
            slices().matching(SERVICE + ".(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule platform_importsNoFeature = noClasses()
            .that()
            .resideInAPackage(SERVICE + ".platform..")
            .should()
            .dependOnClassesThat(JavaClass.Predicates.resideInAPackage(SERVICE + "..")
                    .and(JavaClass.Predicates.resideOutsideOfPackage(SERVICE + ".platform..")))
            .as("platform imports nothing of the service outside platform");

    @ArchTest
    static final ArchRule mail_importsNoFeature = noClasses()
            .that()
            .resideInAPackage(SERVICE + ".mail..")
            .should()
            .dependOnClassesThat(JavaClass.Predicates.resideInAPackage(SERVICE + "..")
                    .and(JavaClass.Predicates.resideOutsideOfPackages(SERVICE + ".mail..", SERVICE + ".platform..")))
            .as("mail imports nothing of the service outside mail and platform");

    @ArchTest
    static final ArchRule resources_areImportedOnlyWhereTheyAreWired = noClasses()
            .that()
            .resideOutsideOfPackages(SERVICE + ".resources..", SERVICE + ".wiring..", SERVICE)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(SERVICE + ".resources..");

    @ArchTest
    static final ArchRule responseRecords_holdNoEventOrAggregate = noClasses()
            .that()
            .resideInAPackage(SERVICE + ".resources.api..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.postject.events..")
            .orShould()
            .dependOnClassesThat(AGGREGATES);

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

    @ArchTest
    static final ArchRule resourceMethods_returnTypedBodies = methods()
            .that()
            .areDeclaredInClassesThat()
            .resideInAPackage(SERVICE + ".resources..")
            .and()
            .areMetaAnnotatedWith(HttpMethod.class)
            .should(new ArchCondition<JavaMethod>("return a typed body, never Object or a list of Object") {
                @Override
                public void check(JavaMethod method, ConditionEvents events) {
                    if (isOrHoldsObject(method.getReturnType())) {
                        events.add(SimpleConditionEvent.violated(
                                method,
                                method.getFullName() + " returns "
                                        + method.getReturnType().getName()));
                    }
                }
            });

    private static boolean isOrHoldsObject(JavaType type) {
        if (type.toErasure().isEquivalentTo(Object.class)) {
            return true;
        }
        return type instanceof JavaParameterizedType parameterized
                && parameterized.getActualTypeArguments().stream().anyMatch(ArchitectureTest::isOrHoldsObject);
    }
}
