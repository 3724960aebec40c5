/**
 * Which X12 rule violations reject a transaction set and which are only noted.
 *
 * The validator reports every departure from the dictionary as found. This policy then decides
 * what makes a set unusable, following "be liberal in what you accept, precise in what you report":
 *
 * - errors (AK501 R): a broken envelope or structure (AK5, AK9, TA1, AK3 codes), a mandatory
 *   element missing (AK4-1), too many elements, components or repetitions (AK4-3/12/13), a value
 *   that is not of its type — letters in a quantity, an impossible date or time (AK4-6/8/9);
 * - warnings (reported, and noted in the 997 as AK501 E "accepted but errors were noted"):
 *   lengths (AK4-4/5) — except of the elements the pipeline echoes or computes with
 *   (ECHOED_ELEMENTS), which stay errors in the set's own release — code values (AK4-7) and syntax-note conditions (AK4-2/10). The document
 *   stays readable; what matters to the business (an unknown unit of measure, a short item id)
 *   is caught by the planning checks, which know the partner and the item master.
 * - a set whose version we read with another release's dictionary (002040…004060 read as
 *   004010): requirement designators, lengths, date formats and segment order changed between
 *   releases, so mandatory-element, date-format and segment-placement findings (AK304 2–7: the
 *   ATH after the FSTs of an automotive 002040 830 is in its own release's order) are warnings
 *   too; type errors and an unreadable segment id (AK304 1) stay errors.
 * - a set in a functional group of another kind (an 850 under GS01 `IN`) is a warning: the
 *   set itself is complete and its ST01 says what it is.
 */
import type { Diagnostic } from './types.ts';

/**
 * Elements the pipeline echoes in its 855/865 or computes with: a value too long (or a date too
 * short) for its definition would make the response invalid or lose digits (a 20-digit quantity
 * reads as 1e20), so for these a length finding is an error: 324 purchase order number,
 * 328 release number, 350 line number (assigned identification), 330/380 quantities, 212 unit
 * price, 234/235 product id and qualifier, 373 date. (Not 355, the unit of measure: an unknown
 * unit is the planning checks' finding, with the partner's context.)
 */
const ECHOED_ELEMENTS = new Set(['324', '328', '350', '330', '380', '212', '234', '235', '373']);
const LENGTH_CODES = new Set(['AK4-4', 'AK4-5']);

const ALWAYS_ERROR_ELEMENT_CODES = new Set(['AK4-3', 'AK4-6', 'AK4-9', 'AK4-12', 'AK4-13']);
const WARNING_ELEMENT_CODES = new Set(['AK4-2', 'AK4-4', 'AK4-5', 'AK4-7', 'AK4-10']);
const VERSION_DEPENDENT_CODES = new Set(['AK4-1', 'AK4-8', 'AK3-2', 'AK3-3', 'AK3-4', 'AK3-5', 'AK3-6', 'AK3-7']);

/**
 * Applies the severity policy to one set's validator findings.
 * @param exactVersion true when the set was read with its own release's dictionary.
 */
export function applySeverityPolicy(diagnostics: readonly Diagnostic[], exactVersion: boolean): Diagnostic[] {
  return diagnostics.map((d) => {
    if (d.severity !== 'error') return d;
    if (ALWAYS_ERROR_ELEMENT_CODES.has(d.code)) return d;
    if (exactVersion && LENGTH_CODES.has(d.code) && d.elementReference !== undefined && ECHOED_ELEMENTS.has(d.elementReference)) return d;
    if (WARNING_ELEMENT_CODES.has(d.code)) return { ...d, severity: 'warning' };
    if (!exactVersion && VERSION_DEPENDENT_CODES.has(d.code)) {
      return { ...d, severity: 'warning', message: `${d.message} (per the 004010 dictionary; this set's release may differ)` };
    }
    return d;
  });
}

