CREATE TABLE `deposits` (
	`id` integer PRIMARY KEY NOT NULL,
	`partner_id` text NOT NULL,
	`account_id` integer NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`payment_reference` text NOT NULL,
	`was_advanced` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`modified_at` text NOT NULL,
	`advanced_at` text,
	`completed_at` text,
	`canceled_at` text,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `deposits_partner_account` ON `deposits` (`partner_id`,`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `deposits_reference` ON `deposits` (`partner_id`,`payment_reference`);--> statement-breakpoint
CREATE TABLE `inbound_payments` (
	`id` integer PRIMARY KEY NOT NULL,
	`partner_id` text NOT NULL,
	`payment_reference` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`status` text NOT NULL,
	`deposit_ids` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `inbound_payments_partner` ON `inbound_payments` (`partner_id`,`id`);--> statement-breakpoint
ALTER TABLE `transactions` ADD `deposit_id` integer;