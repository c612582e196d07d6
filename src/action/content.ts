// The message to write: content or content_file over a preset, rendered, checked to hold no credential.

import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { errorMessage, InputError } from '../errors.js';
import { type Content, checkMarkdownCompatible, parseContent, validateContent } from '../message/content.js';
import type { TemplateContext } from '../message/context.js';
import { mergeContent, presetContent } from '../message/presets.js';
import { renderContent } from '../message/render.js';
import type { Secrets } from './secrets.js';
import type { WriteSettings } from './settings.js';

/** The rendered message; InputError for anything wrong with it, before any call. */
export async function loadContent(
  settings: WriteSettings,
  context: TemplateContext,
  secrets: Secrets,
): Promise<Content> {
  const source = settings.content;
  const name = source?.input ?? 'preset';
  let template: Content | undefined;
  if (source) {
    const text = source.input === 'content' ? source.value : readContentFile(source.value);
    template = await parseContent(text, source.input, settings.preset !== undefined);
  }
  if (settings.preset) {
    const preset = presetContent(settings.preset, context, settings.isMarkdown);
    template = template ? mergeContent(preset, template) : preset;
    validateContent(template, name);
  }
  if (!template) throw new InputError("Input 'content' is required.");
  const content = await renderContent(template, context, name, { markdown: settings.isMarkdown });
  if (settings.isMarkdown) checkMarkdownCompatible(content, name);
  const leak = secrets.find(content, 'content');
  if (!leak) return content;
  throw new InputError(
    `Input '${name}' at ${leak}: the rendered text holds a credential (a masked secret). Refusing to post it: a template must not print the Zoom credentials or token.`,
  );
}

// The file is read only inside the workspace, symlinks followed on both sides: a pull request can
// add a symlink named like the content_file that points at the runner's keys.
function readContentFile(path: string): string {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  let text: string;
  try {
    const root = realpathSync(workspace);
    const file = realpathSync(resolve(workspace, path));
    const inside = relative(root, file);
    if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
      throw new InputError(
        `Input 'content_file' names '${path}', which is '${file}', outside the workspace (${root}). Expected a file inside the workspace.`,
      );
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? errorMessage(error);
    throw new InputError(
      `Input 'content_file' names '${path}', which cannot be read (${reason}). Expected a file path relative to the workspace (${workspace}).`,
    );
  }
  if (text.trim() !== '') return text;
  throw new InputError(
    `Input 'content_file' names '${path}', which is empty. Expected the message in it, as plain text or as Zoom's content object in YAML or JSON.`,
  );
}
