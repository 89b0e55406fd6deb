package dev.bricklayer.common.work;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

/**
 * The one background-work mechanism of every service: {@link WorkspaceLanes} on Spring Boot's task executor and
 * scheduler (a service turns scheduling on with {@code @EnableScheduling}), and {@link Leases} on the service's
 * data source (ShedLock, table {@code shedlock} in the service's schema), kept while held and released at stop.
 */
@AutoConfiguration(after = {TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class, DataSourceAutoConfiguration.class})
@EnableConfigurationProperties(WorkProperties.class)
public class WorkAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WorkAutoConfiguration.class);

    @Bean
    @ConditionalOnBean(TaskScheduler.class)
    @ConditionalOnMissingBean
    public WorkspaceLanes workspaceLanes(@Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) Executor executor,
                                         TaskScheduler scheduler) {
        return new WorkspaceLanes(executor, scheduler);
    }

    @Bean
    @ConditionalOnBean(DataSource.class)
    @ConditionalOnMissingBean
    public LockProvider leaseStore(DataSource dataSource, Environment environment) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .withTableName("shedlock")
                .usingDbTime()
                .build());
    }

    @Bean
    @ConditionalOnBean(LockProvider.class)
    @ConditionalOnMissingBean
    public Leases leases(LockProvider leaseStore, Environment environment) {
        return new Leases(leaseStore, Leases.instanceName(environment.getProperty("spring.application.name", "bricklayer")));
    }

    /** Keeps held leases while running; releases them at stop, waiting {@code lease-release-wait} at most. */
    @Bean
    @ConditionalOnBean({Leases.class, TaskScheduler.class})
    public SmartLifecycle leaseKeeper(Leases leases, TaskScheduler scheduler, WorkProperties properties) {
        return new SmartLifecycle() {
            private volatile java.util.concurrent.ScheduledFuture<?> keeping;

            @Override
            public void start() {
                keeping = scheduler.scheduleWithFixedDelay(leases::keepAll, properties.leaseKeepInterval());
            }

            @Override
            public void stop() {
                if (keeping != null) {
                    keeping.cancel(false);
                    keeping = null;
                }
                CompletableFuture<Void> release = CompletableFuture.runAsync(leases::releaseAll);
                try {
                    release.get(properties.leaseReleaseWait().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    log.info("Leases not released at stop ({}); they expire by themselves", e.toString());
                }
            }

            @Override
            public boolean isRunning() {
                return keeping != null;
            }

            /** Stops before the data source and the task executors, after the Kafka bindings. */
            @Override
            public int getPhase() {
                return Integer.MAX_VALUE - 2000;
            }
        };
    }
}
