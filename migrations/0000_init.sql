CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY NOT NULL,
	`partner_id` text NOT NULL,
	`user_id` text,
	`name` text NOT NULL,
	`reference` text,
	`type` text NOT NULL,
	`number` text NOT NULL,
	`base_currency` text NOT NULL,
	`funding_currencies` text NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_number_unique` ON `accounts` (`number`);--> statement-breakpoint
CREATE INDEX `accounts_partner_user` ON `accounts` (`partner_id`,`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `accounts_partner` ON `accounts` (`partner_id`,`id`);--> statement-breakpoint
CREATE TABLE `journal_entries` (
	`transaction_id` integer NOT NULL,
	`leg` integer NOT NULL,
	`partner_id` text NOT NULL,
	`account_id` integer NOT NULL,
	`ledger_account` text NOT NULL,
	`currency` text NOT NULL,
	`direction` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`transaction_id`, `leg`)
);
--> statement-breakpoint
CREATE INDEX `journal_entries_account` ON `journal_entries` (`account_id`,`transaction_id`);--> statement-breakpoint
CREATE INDEX `journal_entries_ledger_account` ON `journal_entries` (`ledger_account`);--> statement-breakpoint
CREATE TABLE `partners` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`api_key` text NOT NULL,
	`api_secret_hash` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `partners_api_key_unique` ON `partners` (`api_key`);--> statement-breakpoint
CREATE TABLE `refresh_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`partner_id` text NOT NULL,
	`user_id` text NOT NULL,
	`expires_at` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `transactions` (
	`id` integer PRIMARY KEY NOT NULL,
	`partner_id` text NOT NULL,
	`account_id` integer NOT NULL,
	`user_id` text,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`description` text NOT NULL,
	`provider` text,
	`metadata` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `transactions_partner_account` ON `transactions` (`partner_id`,`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `transactions_partner_user` ON `transactions` (`partner_id`,`user_id`,`id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`partner_id` text NOT NULL,
	`user_type` text NOT NULL,
	`email` text NOT NULL,
	`country_code` text NOT NULL,
	`phone` text,
	`preferred_language` text,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_partner_email` ON `users` (`partner_id`,`email`);