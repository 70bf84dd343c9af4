using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Consultation.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: true),
                    SecurityStamp = table.Column<string>(type: "TEXT", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumber = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    LockoutEnd = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Bodies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Acronym = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    ParentId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Bodies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Bodies_Bodies_ParentId",
                        column: x => x.ParentId,
                        principalTable: "Bodies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Ledger",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RecordedAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Ledger", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "Proposals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Proposals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoleId = table.Column<string>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ProviderKey = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserPasskeys",
                columns: table => new
                {
                    CredentialId = table.Column<byte[]>(type: "BLOB", maxLength: 1024, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Data = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserPasskeys", x => x.CredentialId);
                    table.ForeignKey(
                        name: "FK_AspNetUserPasskeys_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    RoleId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    LoginProvider = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Memberships",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", nullable: false),
                    BodyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    Since = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    EndedAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Memberships", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Memberships_AspNetUsers_PersonId",
                        column: x => x.PersonId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Memberships_Bodies_BodyId",
                        column: x => x.BodyId,
                        principalTable: "Bodies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ProposalVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProposalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    PublishedAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    DocumentUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProposalVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProposalVersions_Proposals_ProposalId",
                        column: x => x.ProposalId,
                        principalTable: "Proposals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Consultations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", nullable: true),
                    ProposalVersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConvenerBodyId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OpensAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    OriginalClosesAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    ClosesAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    ReplyOpensAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true),
                    ReplyClosesAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true),
                    DecidedAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true),
                    ConcurrencyToken = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Consultations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Consultations_Bodies_ConvenerBodyId",
                        column: x => x.ConvenerBodyId,
                        principalTable: "Bodies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Consultations_ProposalVersions_ProposalVersionId",
                        column: x => x.ProposalVersionId,
                        principalTable: "ProposalVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ProposalSections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProposalVersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Heading = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProposalSections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProposalSections_ProposalVersions_ProposalVersionId",
                        column: x => x.ProposalVersionId,
                        principalTable: "ProposalVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ConsensusCalls",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsultationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OpenedBy = table.Column<string>(type: "TEXT", nullable: false),
                    OpenedAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    ConcurrencyToken = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsensusCalls", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConsensusCalls_Consultations_ConsultationId",
                        column: x => x.ConsultationId,
                        principalTable: "Consultations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ConsensusRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsultationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Decision = table.Column<string>(type: "TEXT", nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    Rationale = table.Column<string>(type: "TEXT", nullable: false),
                    PublishedBy = table.Column<string>(type: "TEXT", nullable: false),
                    PublishedAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    LedgerHeadHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CorrectionReason = table.Column<string>(type: "TEXT", nullable: true),
                    CorrectsRecordId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsensusRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConsensusRecords_ConsensusRecords_CorrectsRecordId",
                        column: x => x.CorrectsRecordId,
                        principalTable: "ConsensusRecords",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ConsensusRecords_Consultations_ConsultationId",
                        column: x => x.ConsultationId,
                        principalTable: "Consultations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DeadlineChanges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsultationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    PreviousClose = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    NewClose = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ChangedAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeadlineChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DeadlineChanges_Consultations_ConsultationId",
                        column: x => x.ConsultationId,
                        principalTable: "Consultations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Drafts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", nullable: false),
                    ConsultationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RevisingSubmissionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OnBehalfOfBodyId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Stance = table.Column<string>(type: "TEXT", maxLength: 48, nullable: true),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    IsBlockingObjection = table.Column<bool>(type: "INTEGER", nullable: false),
                    BlockingReason = table.Column<string>(type: "TEXT", nullable: true),
                    CitedSectionIds = table.Column<string>(type: "TEXT", nullable: false),
                    RepliesToId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RatificationEvidence = table.Column<string>(type: "TEXT", nullable: true),
                    RatifiedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Drafts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Drafts_AspNetUsers_PersonId",
                        column: x => x.PersonId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Drafts_Consultations_ConsultationId",
                        column: x => x.ConsultationId,
                        principalTable: "Consultations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Mandates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", nullable: false),
                    BodyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ValidFrom = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    ValidUntil = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true),
                    ConsultationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    GrantedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    GrantedAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    EndedAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true),
                    EndedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Mandates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Mandates_AspNetUsers_PersonId",
                        column: x => x.PersonId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Mandates_Bodies_BodyId",
                        column: x => x.BodyId,
                        principalTable: "Bodies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Mandates_Consultations_ConsultationId",
                        column: x => x.ConsultationId,
                        principalTable: "Consultations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReviewCycles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsultationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewCycles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewCycles_Consultations_ConsultationId",
                        column: x => x.ConsultationId,
                        principalTable: "Consultations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Designation",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsensusCallId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    Rationale = table.Column<string>(type: "TEXT", nullable: false),
                    PublishedBy = table.Column<string>(type: "TEXT", nullable: false),
                    PublishedAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Designation", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Designation_ConsensusCalls_ConsensusCallId",
                        column: x => x.ConsensusCallId,
                        principalTable: "ConsensusCalls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Submissions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsultationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorId = table.Column<string>(type: "TEXT", nullable: false),
                    OnBehalfOfBodyId = table.Column<Guid>(type: "TEXT", nullable: true),
                    MandateId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RepliesToId = table.Column<Guid>(type: "TEXT", nullable: true),
                    IdempotencyKey = table.Column<Guid>(type: "TEXT", nullable: false),
                    FirstSubmittedAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    IsLate = table.Column<bool>(type: "INTEGER", nullable: false),
                    WithdrawnAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true),
                    WithdrawalReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ConcurrencyToken = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Submissions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Submissions_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Submissions_Bodies_OnBehalfOfBodyId",
                        column: x => x.OnBehalfOfBodyId,
                        principalTable: "Bodies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Submissions_Consultations_ConsultationId",
                        column: x => x.ConsultationId,
                        principalTable: "Consultations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Submissions_Mandates_MandateId",
                        column: x => x.MandateId,
                        principalTable: "Mandates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Submissions_Submissions_RepliesToId",
                        column: x => x.RepliesToId,
                        principalTable: "Submissions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReviewStages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReviewCycleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ClosedAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true),
                    ConcurrencyToken = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewStages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewStages_ReviewCycles_ReviewCycleId",
                        column: x => x.ReviewCycleId,
                        principalTable: "ReviewCycles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Challenge",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsensusCallId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DesignationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChallengerId = table.Column<string>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    RaisedAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    AnswerText = table.Column<string>(type: "TEXT", nullable: true),
                    AnsweredBy = table.Column<string>(type: "TEXT", nullable: true),
                    AnsweredAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Challenge", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Challenge_ConsensusCalls_ConsensusCallId",
                        column: x => x.ConsensusCallId,
                        principalTable: "ConsensusCalls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Challenge_Designation_DesignationId",
                        column: x => x.DesignationId,
                        principalTable: "Designation",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MinorityView",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsensusCallId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubmissionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MinorityView", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MinorityView_ConsensusCalls_ConsensusCallId",
                        column: x => x.ConsensusCallId,
                        principalTable: "ConsensusCalls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_MinorityView_Submissions_SubmissionId",
                        column: x => x.SubmissionId,
                        principalTable: "Submissions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SubmissionVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubmissionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Stance = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    BlockingReason = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: true),
                    RatificationEvidence = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RatifiedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    SubmittedBy = table.Column<string>(type: "TEXT", nullable: false),
                    RequestKey = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    IsLate = table.Column<bool>(type: "INTEGER", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubmissionVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SubmissionVersions_AspNetUsers_SubmittedBy",
                        column: x => x.SubmittedBy,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SubmissionVersions_Submissions_SubmissionId",
                        column: x => x.SubmissionId,
                        principalTable: "Submissions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReviewItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubmissionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReviewCycleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CurrentStageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssigneeId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Disposition = table.Column<string>(type: "TEXT", maxLength: 48, nullable: true),
                    DuplicateOfItemId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Response = table.Column<string>(type: "TEXT", nullable: true),
                    ResponsePublishedAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true),
                    ConcurrencyToken = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewItems_ReviewCycles_ReviewCycleId",
                        column: x => x.ReviewCycleId,
                        principalTable: "ReviewCycles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReviewItems_ReviewItems_DuplicateOfItemId",
                        column: x => x.DuplicateOfItemId,
                        principalTable: "ReviewItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReviewItems_ReviewStages_CurrentStageId",
                        column: x => x.CurrentStageId,
                        principalTable: "ReviewStages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReviewItems_Submissions_SubmissionId",
                        column: x => x.SubmissionId,
                        principalTable: "Submissions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "StageChairs",
                columns: table => new
                {
                    ReviewStageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StageChairs", x => new { x.ReviewStageId, x.PersonId });
                    table.ForeignKey(
                        name: "FK_StageChairs_ReviewStages_ReviewStageId",
                        column: x => x.ReviewStageId,
                        principalTable: "ReviewStages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Attachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubmissionVersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StorageKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Attachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Attachments_SubmissionVersions_SubmissionVersionId",
                        column: x => x.SubmissionVersionId,
                        principalTable: "SubmissionVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CitedSection",
                columns: table => new
                {
                    SubmissionVersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProposalSectionId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CitedSection", x => new { x.SubmissionVersionId, x.ProposalSectionId });
                    table.ForeignKey(
                        name: "FK_CitedSection_ProposalSections_ProposalSectionId",
                        column: x => x.ProposalSectionId,
                        principalTable: "ProposalSections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CitedSection_SubmissionVersions_SubmissionVersionId",
                        column: x => x.SubmissionVersionId,
                        principalTable: "SubmissionVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReviewSteps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReviewItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    StageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    At = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewSteps_ReviewItems_ReviewItemId",
                        column: x => x.ReviewItemId,
                        principalTable: "ReviewItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserPasskeys_UserId",
                table: "AspNetUserPasskeys",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Attachments_SubmissionVersionId",
                table: "Attachments",
                column: "SubmissionVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_Bodies_ParentId",
                table: "Bodies",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_Bodies_Slug",
                table: "Bodies",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Challenge_ConsensusCallId",
                table: "Challenge",
                column: "ConsensusCallId");

            migrationBuilder.CreateIndex(
                name: "IX_Challenge_DesignationId",
                table: "Challenge",
                column: "DesignationId");

            migrationBuilder.CreateIndex(
                name: "IX_CitedSection_ProposalSectionId",
                table: "CitedSection",
                column: "ProposalSectionId");

            migrationBuilder.CreateIndex(
                name: "IX_ConsensusCalls_ConsultationId",
                table: "ConsensusCalls",
                column: "ConsultationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConsensusRecords_ConsultationId_Version",
                table: "ConsensusRecords",
                columns: new[] { "ConsultationId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConsensusRecords_CorrectsRecordId",
                table: "ConsensusRecords",
                column: "CorrectsRecordId");

            migrationBuilder.CreateIndex(
                name: "IX_ConsensusRecords_PublishedAt",
                table: "ConsensusRecords",
                column: "PublishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Consultations_ClosesAt",
                table: "Consultations",
                column: "ClosesAt");

            migrationBuilder.CreateIndex(
                name: "IX_Consultations_ConvenerBodyId",
                table: "Consultations",
                column: "ConvenerBodyId");

            migrationBuilder.CreateIndex(
                name: "IX_Consultations_ProposalVersionId",
                table: "Consultations",
                column: "ProposalVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_Consultations_Slug",
                table: "Consultations",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DeadlineChanges_ConsultationId",
                table: "DeadlineChanges",
                column: "ConsultationId");

            migrationBuilder.CreateIndex(
                name: "IX_Designation_ConsensusCallId_Sequence",
                table: "Designation",
                columns: new[] { "ConsensusCallId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Drafts_ConsultationId",
                table: "Drafts",
                column: "ConsultationId");

            migrationBuilder.CreateIndex(
                name: "IX_Drafts_PersonId_ConsultationId",
                table: "Drafts",
                columns: new[] { "PersonId", "ConsultationId" });

            migrationBuilder.CreateIndex(
                name: "IX_Ledger_ContentHash",
                table: "Ledger",
                column: "ContentHash");

            migrationBuilder.CreateIndex(
                name: "IX_Ledger_Hash",
                table: "Ledger",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Ledger_SubjectId",
                table: "Ledger",
                column: "SubjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Mandates_BodyId",
                table: "Mandates",
                column: "BodyId");

            migrationBuilder.CreateIndex(
                name: "IX_Mandates_ConsultationId",
                table: "Mandates",
                column: "ConsultationId");

            migrationBuilder.CreateIndex(
                name: "IX_Mandates_PersonId_BodyId",
                table: "Mandates",
                columns: new[] { "PersonId", "BodyId" });

            migrationBuilder.CreateIndex(
                name: "IX_Memberships_BodyId",
                table: "Memberships",
                column: "BodyId");

            migrationBuilder.CreateIndex(
                name: "IX_Memberships_PersonId_BodyId",
                table: "Memberships",
                columns: new[] { "PersonId", "BodyId" });

            migrationBuilder.CreateIndex(
                name: "IX_MinorityView_ConsensusCallId_SubmissionId",
                table: "MinorityView",
                columns: new[] { "ConsensusCallId", "SubmissionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MinorityView_SubmissionId",
                table: "MinorityView",
                column: "SubmissionId");

            migrationBuilder.CreateIndex(
                name: "IX_ProposalSections_ProposalVersionId_Number",
                table: "ProposalSections",
                columns: new[] { "ProposalVersionId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProposalVersions_ProposalId_Number",
                table: "ProposalVersions",
                columns: new[] { "ProposalId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReviewCycles_ConsultationId",
                table: "ReviewCycles",
                column: "ConsultationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReviewItems_CurrentStageId",
                table: "ReviewItems",
                column: "CurrentStageId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewItems_DuplicateOfItemId",
                table: "ReviewItems",
                column: "DuplicateOfItemId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewItems_ReviewCycleId_SubmissionId",
                table: "ReviewItems",
                columns: new[] { "ReviewCycleId", "SubmissionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReviewItems_SubmissionId",
                table: "ReviewItems",
                column: "SubmissionId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewStages_ReviewCycleId_Order",
                table: "ReviewStages",
                columns: new[] { "ReviewCycleId", "Order" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReviewSteps_ReviewItemId",
                table: "ReviewSteps",
                column: "ReviewItemId");

            migrationBuilder.CreateIndex(
                name: "IX_StageChairs_PersonId",
                table: "StageChairs",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_Submissions_AuthorId_IdempotencyKey",
                table: "Submissions",
                columns: new[] { "AuthorId", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Submissions_ConsultationId_FirstSubmittedAt",
                table: "Submissions",
                columns: new[] { "ConsultationId", "FirstSubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Submissions_ConsultationId_OnBehalfOfBodyId",
                table: "Submissions",
                columns: new[] { "ConsultationId", "OnBehalfOfBodyId" });

            migrationBuilder.CreateIndex(
                name: "IX_Submissions_MandateId",
                table: "Submissions",
                column: "MandateId");

            migrationBuilder.CreateIndex(
                name: "IX_Submissions_OnBehalfOfBodyId",
                table: "Submissions",
                column: "OnBehalfOfBodyId");

            migrationBuilder.CreateIndex(
                name: "IX_Submissions_RepliesToId",
                table: "Submissions",
                column: "RepliesToId");

            migrationBuilder.CreateIndex(
                name: "IX_SubmissionVersions_ContentHash",
                table: "SubmissionVersions",
                column: "ContentHash");

            migrationBuilder.CreateIndex(
                name: "IX_SubmissionVersions_SubmissionId_Number",
                table: "SubmissionVersions",
                columns: new[] { "SubmissionId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SubmissionVersions_SubmittedBy_RequestKey",
                table: "SubmissionVersions",
                columns: new[] { "SubmittedBy", "RequestKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserPasskeys");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "Attachments");

            migrationBuilder.DropTable(
                name: "Challenge");

            migrationBuilder.DropTable(
                name: "CitedSection");

            migrationBuilder.DropTable(
                name: "ConsensusRecords");

            migrationBuilder.DropTable(
                name: "DeadlineChanges");

            migrationBuilder.DropTable(
                name: "Drafts");

            migrationBuilder.DropTable(
                name: "Ledger");

            migrationBuilder.DropTable(
                name: "Memberships");

            migrationBuilder.DropTable(
                name: "MinorityView");

            migrationBuilder.DropTable(
                name: "ReviewSteps");

            migrationBuilder.DropTable(
                name: "StageChairs");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "Designation");

            migrationBuilder.DropTable(
                name: "ProposalSections");

            migrationBuilder.DropTable(
                name: "SubmissionVersions");

            migrationBuilder.DropTable(
                name: "ReviewItems");

            migrationBuilder.DropTable(
                name: "ConsensusCalls");

            migrationBuilder.DropTable(
                name: "ReviewStages");

            migrationBuilder.DropTable(
                name: "Submissions");

            migrationBuilder.DropTable(
                name: "ReviewCycles");

            migrationBuilder.DropTable(
                name: "Mandates");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "Consultations");

            migrationBuilder.DropTable(
                name: "Bodies");

            migrationBuilder.DropTable(
                name: "ProposalVersions");

            migrationBuilder.DropTable(
                name: "Proposals");
        }
    }
}
