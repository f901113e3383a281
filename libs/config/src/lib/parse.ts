import { SettingDefinition } from './settings';

export type ParsedValue = string | number | boolean | string[];

/** Parses one raw value by its definition; returns an error sentence naming the variable. */
export function parseSetting(def: SettingDefinition, raw: string): { value: ParsedValue } | { error: string } {
  const fail = (why: string) => ({ error: `${def.env}=${JSON.stringify(def.kind === 'secret' ? '***' : raw)} ${why}` });
  if (def.oneOf && !def.oneOf.includes(raw)) return fail(`must be one of ${def.oneOf.join(', ')}`);
  switch (def.kind) {
    case 'int': {
      if (!/^-?\d+$/.test(raw)) return fail('must be a whole number');
      const n = Number(raw);
      if (def.min !== undefined && n < def.min) return fail(`must be at least ${def.min}`);
      if (def.max !== undefined && n > def.max) return fail(`must be at most ${def.max}`);
      return { value: n };
    }
    case 'bool':
      if (!['true', 'false', '1', '0'].includes(raw)) return fail('must be true or false');
      return { value: raw === 'true' || raw === '1' };
    case 'url':
      try {
        new URL(raw);
        return { value: raw.replace(/\/$/, '') };
      } catch {
        return fail('must be an absolute URL');
      }
    case 'list':
      return {
        value: raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      };
    default:
      return { value: raw };
  }
}
