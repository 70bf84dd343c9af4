using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Consultation.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ConsensusCallAndRecord : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "RecordMinorityViews");

            migrationBuilder.DropIndex(
                name: "IX_ConsensusRecords_ConsensusCallId",
                table: "ConsensusRecords");

            migrationBuilder.DropColumn(
                name: "RecordedAt",
                table: "MinorityView");

            migrationBuilder.DropColumn(
                name: "RecordedBy",
                table: "MinorityView");

            migrationBuilder.DropColumn(
                name: "ConsensusCallId",
                table: "ConsensusRecords");
        }
    }
}
