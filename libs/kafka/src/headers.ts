import type { IHeaders } from 'kafkajs';

/** Kafka headers as strings (kafkajs hands them over as Buffers; a repeated header keeps its last value). */
export function headersAsStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined) result[name] = last.toString();
  }
  return result;
}
