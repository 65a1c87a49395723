import { expect } from '@jest/globals';
// Driving the console's generated action panel the way a person does: the action's button, its form's
// fields (typed ids, or the pickers once the API offers them), submit, and the answer on the page.
import type { Locator, Page } from 'playwright-core';

export const panel = (page: Page): Locator => page.getByTestId('action-panel').first();
export const actionForm = (page: Page, action: string): Locator => page.getByTestId(`action-form-${action}`);

export async function openAction(page: Page, action: string): Promise<Locator> {
  await panel(page).locator(`[data-action="${action}"]`).click();
  const form = actionForm(page, action);
  await form.waitFor();
  return form;
}

/** A picker (unit, officer, leader): type part of the name shown, Enter takes the first match. */
export async function pick(form: Locator, name: string, text: string): Promise<void> {
  const field = form.locator(`#field-${name}`);
  await field.click();
  await field.fill(text);
  await form.page().locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
  await form.page().keyboard.press('Enter');
}

export async function fill(form: Locator, name: string, value: string | number): Promise<void> {
  await form.locator(`#field-${name}`).fill(String(value));
}

/** Clicks the option (a radio button's visible label), matched on its whole text. */
export async function choose(form: Locator, label: string): Promise<void> {
  const option = form.locator('label').filter({ has: form.page().getByRole('radio') }).filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) });
  await option.click();
  await expect(option.getByRole('radio').isChecked()).resolves.toBe(true);
}

/** Submits and waits for the panel's success message; returns its text. */
export async function submit(page: Page, form: Locator): Promise<string> {
  await form.locator('button[type=submit]').click();
  const done = panel(page).locator('[role=status]');
  const failed = panel(page).locator('[role=alert], .ant-form-item-explain-error').first();
  const outcome = await Promise.race([done.waitFor({ timeout: 30_000 }).then(() => 'done'), failed.waitFor({ timeout: 30_000 }).then(() => 'failed')]);
  if (outcome === 'failed') throw new Error(`the action was refused on the page: ${await failed.innerText()}`);
  return done.innerText();
}
