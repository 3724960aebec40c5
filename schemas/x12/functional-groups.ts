/**
 * GS01 functional identifier code (X12 element 479) of each transaction set: the group a set
 * must travel in. Data shared by the envelope checker, the registry and the writers.
 */
export const FUNCTIONAL_GROUP_OF_SET: Readonly<Record<string, string>> = {
  '204': 'SM', '210': 'IM', '214': 'QM', '270': 'HS', '271': 'HB', '276': 'HR', '277': 'HN', '278': 'HI',
  '753': 'GC', '754': 'GC', '810': 'IN', '812': 'CD', '820': 'RA', '824': 'AG', '830': 'PS', '832': 'SC',
  '834': 'BE', '835': 'HP', '837': 'HC', '846': 'IB', '850': 'PO', '852': 'PD', '855': 'PR', '856': 'SH',
  '857': 'BS', '860': 'PC', '861': 'RC', '862': 'SS', '864': 'TX', '865': 'CA', '866': 'PS', '869': 'RS',
  '870': 'RS', '875': 'OG', '880': 'GP', '940': 'OW', '943': 'AR', '944': 'RE', '945': 'SW', '947': 'AW',
  '990': 'GF', '997': 'FA', '999': 'FA',
};
