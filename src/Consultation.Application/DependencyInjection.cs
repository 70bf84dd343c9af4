using Consultation.Application.Email;
using Consultation.Application.Ledger;
using Consultation.Application.Persistence;
using Consultation.Application.Persistence.Sqlite;
using Consultation.Application.Rendering;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Consultation.Application;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Consultation";

    private static readonly TransactionReads.Forgetting ReadsForgetting = new();

    /// <summary>
    /// The database: a provider chosen by configuration (SQLite, the embedded default), a context factory whose contexts
    /// bump the archive revision with every public change, and the provider's search index.
    /// </summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services)
    {
        // Resolved from the final configuration (not the builder's), so that a test host's settings apply.
        services.AddSingleton<IDatabaseProvider>(sp =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            var options = configuration.GetSection(ConsultationOptions.Section).Get<ConsultationOptions>() ?? new();
            return SqliteDatabaseProvider.FromConfiguration(configuration.GetConnectionString(ConnectionStringName), options.ResolvedDataDirectory);
        });
        services.Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(ConsultationDbContext.UseIdentitySchema);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ArchiveRevisionBump>();
        services.AddSingleton<ArchiveRevisionWatch>();
        services.AddSingleton<ArchiveRevisionWatch.Commits>();
        services.AddSingleton<GroupCommit>();
        services.AddDbContextFactory<ConsultationDbContext>((sp, options) =>
        {
            sp.GetRequiredService<IDatabaseProvider>().Configure(options);
            // A save looks for changes once, before these run (ConsultationDbContext.DetectChangesOnce): an interceptor that
            // sets an entity's property during a save must set it through EF's entry, or the change is not saved.
            options.AddInterceptors(sp.GetRequiredService<ArchiveRevisionBump>(), sp.GetRequiredService<ArchiveRevisionWatch.Commits>(), ReadsForgetting);
        });
        services.AddSingleton(sp => sp.GetRequiredService<IDatabaseProvider>().SearchIndex);
        services.AddScoped<DatabaseInitializer>();
        services.AddSingleton<DatabaseBackup>();
        return services;
    }

    /// <summary>What the feature handlers share: the clock, rendering, the ledger, outgoing mail and the validators.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsultationOptions>().Bind(configuration.GetSection(ConsultationOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MarkdownRenderer>();
        services.AddSingleton<LedgerWriter>();
        services.AddScoped<Security.ISecurityLog, Security.SecurityLog>();
        services.AddSingleton<Attachments.AttachmentStore>();
        services.AddSingleton<Features.Submissions.SubmissionWriter>();
        services.AddSingleton<Features.Submissions.ReceiptEmails>();
        services.AddSingleton<Features.Periods.PeriodWriter>();
        services.AddSingleton<Features.Reviews.ReviewWriter>();
        services.AddSingleton<Features.Reviews.ItemEntering>();
        services.AddSingleton<Features.Reviews.ItemEntryService>();
        services.AddSingleton<Features.Consensus.ConsensusWriter>();
        services.AddSingleton<Notifications.INotificationOutbox, Notifications.NotificationOutbox>();
        services.AddSingleton<Notifications.NotificationDelivery>();
        services.AddLedgerSubjectChecks();
        services.AddEmail();
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        return services;
    }

    /// <summary>Outgoing mail: written to the pickup folder, or sent through SMTP when <c>Email:Smtp:Host</c> is set.</summary>
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        // Bound and chosen when first resolved, from the final configuration, so that a test host's settings apply.
        services.AddOptions<EmailOptions>()
            .BindConfiguration(EmailOptions.Section)
            .Validate(email => MailboxAddress.TryParse(email.From, out _), "Email:From is not a mail address.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IMailer>(sp =>
        {
            var email = sp.GetRequiredService<IOptions<EmailOptions>>().Value;
            var clock = sp.GetRequiredService<TimeProvider>();
            if (!string.IsNullOrWhiteSpace(email.Smtp.Host)) return new SmtpMailer(email.Smtp, email.From, clock);
            var folder = email.ResolvedPickupDirectory(sp.GetRequiredService<IOptions<ConsultationOptions>>().Value);
            return new PickupFolderMailer(folder, email.From, clock, sp.GetRequiredService<ILogger<PickupFolderMailer>>());
        });
        return services;
    }
}
