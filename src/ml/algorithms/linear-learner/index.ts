export { type LinearLearnerState, linearLearner } from './linear-learner.js';
export { chooseThreshold, type ThresholdCriterion } from './threshold.js';
