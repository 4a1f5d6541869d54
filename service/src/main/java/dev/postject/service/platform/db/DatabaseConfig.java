package dev.postject.service.platform.db;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Map;

/** Where the database is. With no URL, Postject runs an embedded PostgreSQL in its data directory. */
public final class DatabaseConfig {
    @JsonProperty
    private String url = "";

    @JsonProperty
    private String user = "postgres";

    @JsonProperty
    private String password = "";

    @JsonProperty
    @Min(2)
    @Max(500)
    private int maxConnections = 32;

    @JsonIgnore
    public boolean isEmbedded() {
        return url == null || url.isBlank();
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public DataSourceFactory pool(String jdbcUrl, String jdbcUser, String jdbcPassword) {
        DataSourceFactory factory = new DataSourceFactory();
        factory.setDriverClass("org.postgresql.Driver");
        factory.setUrl(jdbcUrl);
        factory.setUser(jdbcUser);
        factory.setPassword(jdbcPassword == null ? "" : jdbcPassword);
        factory.setMinSize(2);
        factory.setInitialSize(2);
        factory.setMaxSize(maxConnections);
        factory.setMaxWaitForConnection(Duration.seconds(10));
        factory.setValidationQuery("SELECT 1");
        // a batch of inserts (the events of one unit of work) sent as multi-row INSERTs
        factory.setProperties(Map.of("ApplicationName", "postject", "reWriteBatchedInserts", "true"));
        return factory;
    }
}
