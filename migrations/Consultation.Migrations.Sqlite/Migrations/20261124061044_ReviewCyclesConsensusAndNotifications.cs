using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Consultation.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ReviewCyclesConsensusAndNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReviewStages_ReviewCycleId_Order",
                table: "ReviewStages");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "ReviewStages");

            migrationBuilder.RenameColumn(
                name: "Note",
                table: "ReviewSteps",
                newName: "Reason");

            migrationBuilder.AddColumn<string>(
                name: "AssigneeId",
                table: "ReviewSteps",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Disposition",
                table: "ReviewSteps",
                type: "TEXT",
                maxLength: 48,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "DuplicateOfItemId",
                table: "ReviewSteps",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "FromStageId",
                table: "ReviewSteps",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Response",
                table: "ReviewSteps",
                type: "TEXT",
                maxLength: 20000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CompletedAt",
                table: "ReviewCycles",
                type: "TEXT",
                maxLength: 28,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ConcurrencyToken",
                table: "ReviewCycles",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "Entry",
                table: "ReviewCycles",
                type: "TEXT",
                maxLength: 48,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ItemsEnteredAt",
                table: "ReviewCycles",
                type: "TEXT",
                maxLength: 28,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RecordedAt",
                table: "MinorityView",
                type: "TEXT",
                maxLength: 28,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "RecordedBy",
                table: "MinorityView",
                type: "TEXT",
                maxLength: 450,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "ConsensusCallId",
                table: "ConsensusRecords",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            // Rows written before this migration: give them what the new columns mean, so they still load. (Their old
            // ledger entries were hashed with the earlier canonical fields; docs/ledger.md says to start such a demo anew.)
            migrationBuilder.Sql("UPDATE ReviewCycles SET Entry = 'AtOnce' WHERE Entry = ''");
            migrationBuilder.Sql("UPDATE ConsensusRecords SET ConsensusCallId = (SELECT c.Id FROM ConsensusCalls c WHERE c.ConsultationId = ConsensusRecords.ConsultationId)");
            migrationBuilder.Sql("UPDATE MinorityView SET RecordedBy = (SELECT c.OpenedBy FROM ConsensusCalls c WHERE c.Id = MinorityView.ConsensusCallId), "
                + "RecordedAt = (SELECT c.OpenedAt FROM ConsensusCalls c WHERE c.Id = MinorityView.ConsensusCallId) WHERE RecordedBy = ''");

            migrationBuilder.CreateTable(
                name: "DesignationResponses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsensusCallId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DesignationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemberId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Agrees = table.Column<bool>(type: "INTEGER", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: false),
                    RespondedAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DesignationResponses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DesignationResponses_ConsensusCalls_ConsensusCallId",
                        column: x => x.ConsensusCallId,
                        principalTable: "ConsensusCalls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DesignationResponses_Designation_DesignationId",
                        column: x => x.DesignationId,
                        principalTable: "Designation",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    EventKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    ConsultationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubmissionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Link = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CreatedAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false),
                    ReadAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true),
                    EmailedAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Notifications_AspNetUsers_PersonId",
                        column: x => x.PersonId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Notifications_Consultations_ConsultationId",
                        column: x => x.ConsultationId,
                        principalTable: "Consultations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RecordMinorityViews",
                columns: table => new
                {
                    ConsensusRecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubmissionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecordMinorityViews", x => new { x.ConsensusRecordId, x.SubmissionId });
                    table.ForeignKey(
                        name: "FK_RecordMinorityViews_ConsensusRecords_ConsensusRecordId",
                        column: x => x.ConsensusRecordId,
                        principalTable: "ConsensusRecords",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RecordMinorityViews_Submissions_SubmissionId",
                        column: x => x.SubmissionId,
                        principalTable: "Submissions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewSteps_At",
                table: "ReviewSteps",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewStages_ReviewCycleId_Order",
                table: "ReviewStages",
                columns: new[] { "ReviewCycleId", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_ConsensusRecords_ConsensusCallId",
                table: "ConsensusRecords",
                column: "ConsensusCallId");

            migrationBuilder.CreateIndex(
                name: "IX_DesignationResponses_ConsensusCallId",
                table: "DesignationResponses",
                column: "ConsensusCallId");

            migrationBuilder.CreateIndex(
                name: "IX_DesignationResponses_DesignationId_MemberId",
                table: "DesignationResponses",
                columns: new[] { "DesignationId", "MemberId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_ConsultationId",
                table: "Notifications",
                column: "ConsultationId");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_EmailedAt",
                table: "Notifications",
                column: "EmailedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_EventKey",
                table: "Notifications",
                column: "EventKey");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_PersonId_CreatedAt",
                table: "Notifications",
                columns: new[] { "PersonId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_PersonId_EventKey",
                table: "Notifications",
                columns: new[] { "PersonId", "EventKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_PersonId_ReadAt",
                table: "Notifications",
                columns: new[] { "PersonId", "ReadAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RecordMinorityViews_SubmissionId",
                table: "RecordMinorityViews",
                column: "SubmissionId");

            migrationBuilder.AddForeignKey(
                name: "FK_ConsensusRecords_ConsensusCalls_ConsensusCallId",
                table: "ConsensusRecords",
                column: "ConsensusCallId",
                principalTable: "ConsensusCalls",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ConsensusRecords_ConsensusCalls_ConsensusCallId",
                table: "ConsensusRecords");

            migrationBuilder.DropTable(
                name: "DesignationResponses");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropTable(
                name: "RecordMinorityViews");

            migrationBuilder.DropIndex(
                name: "IX_ReviewSteps_At",
                table: "ReviewSteps");

            migrationBuilder.DropIndex(
                name: "IX_ReviewStages_ReviewCycleId_Order",
                table: "ReviewStages");

            migrationBuilder.DropIndex(
                name: "IX_ConsensusRecords_ConsensusCallId",
                table: "ConsensusRecords");

            migrationBuilder.DropColumn(
                name: "AssigneeId",
                table: "ReviewSteps");

            migrationBuilder.DropColumn(
                name: "Disposition",
                table: "ReviewSteps");

            migrationBuilder.DropColumn(
                name: "DuplicateOfItemId",
                table: "ReviewSteps");

            migrationBuilder.DropColumn(
                name: "FromStageId",
                table: "ReviewSteps");

            migrationBuilder.DropColumn(
                name: "Response",
                table: "ReviewSteps");

            migrationBuilder.DropColumn(
                name: "CompletedAt",
                table: "ReviewCycles");

            migrationBuilder.DropColumn(
                name: "ConcurrencyToken",
                table: "ReviewCycles");

            migrationBuilder.DropColumn(
                name: "Entry",
                table: "ReviewCycles");

            migrationBuilder.DropColumn(
                name: "ItemsEnteredAt",
                table: "ReviewCycles");

            migrationBuilder.DropColumn(
                name: "RecordedAt",
                table: "MinorityView");

            migrationBuilder.DropColumn(
                name: "RecordedBy",
                table: "MinorityView");

            migrationBuilder.DropColumn(
                name: "ConsensusCallId",
                table: "ConsensusRecords");

            migrationBuilder.RenameColumn(
                name: "Reason",
                table: "ReviewSteps",
                newName: "Note");

            migrationBuilder.AddColumn<string>(
                name: "ClosedAt",
                table: "ReviewStages",
                type: "TEXT",
                maxLength: 28,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReviewStages_ReviewCycleId_Order",
                table: "ReviewStages",
                columns: new[] { "ReviewCycleId", "Order" },
                unique: true);
        }
    }
}
