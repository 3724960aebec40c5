/**
 * The industrial-pump master schedule of Stevenson, *Operations Management* (McGraw-Hill),
 * chapter "Aggregate Planning and Master Scheduling": beginning inventory 64; forecast 30 a week
 * in June and 40 in July; committed orders 33, 20, 10, 4, 2 in weeks 1–5; lots of 70 in weeks 3,
 * 5, 7 and 8 → projected on hand 31, 1, 41, 11, 41, 1, 31, 61 and ATP 11, 56, 68, 70, 70.
 * The same record with its look-ahead ATP ("64 + 0 − (33 + 20) = 11") is worked publicly at
 * https://studymode.com/essays/Ops-571-Week-4-49373664.html. Weekly rows; no safety stock.
 */
export const PUMP_RECORD = {
  onHand: 64,
  forecast: [30, 30, 30, 30, 40, 40, 40, 40],
  booked: [33, 20, 10, 4, 2, 0, 0, 0],
  mps: [0, 0, 70, 0, 70, 0, 70, 70],
  pab: [31, 1, 41, 11, 41, 1, 31, 61],
  atp: [11, undefined, 56, undefined, 68, undefined, 70, 70],
};
