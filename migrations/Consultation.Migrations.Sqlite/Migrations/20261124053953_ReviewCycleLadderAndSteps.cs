using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Consultation.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ReviewCycleLadderAndSteps : Migration
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

            migrationBuilder.CreateIndex(
                name: "IX_ReviewSteps_At",
                table: "ReviewSteps",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewStages_ReviewCycleId_Order",
                table: "ReviewStages",
                columns: new[] { "ReviewCycleId", "Order" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReviewSteps_At",
                table: "ReviewSteps");

            migrationBuilder.DropIndex(
                name: "IX_ReviewStages_ReviewCycleId_Order",
                table: "ReviewStages");

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
