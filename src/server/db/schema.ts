// The Drizzle schema, one file per mechanism in ./schema/ (drizzle.config.ts reads that folder, not
// this file, so drizzle-kit sees each table once). The server imports its tables from here, and the
// database client takes `schema`, every table of those files.
import * as unitsTables from './schema/units.js';
import * as usersTables from './schema/users.js';
import * as auditTables from './schema/audit.js';
import * as filesTables from './schema/files.js';
import * as importsTables from './schema/imports.js';
import * as codesTables from './schema/codes.js';
import * as notificationsTables from './schema/notifications.js';
import * as checklistsTables from './schema/checklists.js';
import * as campaignsTables from './schema/campaigns.js';
import * as inspectionsTables from './schema/inspections.js';
import * as hazardsTables from './schema/hazards.js';
import * as campaignSamplesTables from './schema/campaign-samples.js';
import * as rulesTables from './schema/rules.js';
import * as drillsTables from './schema/drills.js';
import * as staffTables from './schema/staff.js';
import * as meetingsTables from './schema/meetings.js';
import * as insuranceTables from './schema/insurance.js';
import * as lettersTables from './schema/letters.js';
import * as dutyTables from './schema/duty.js';
import * as securityProfilesTables from './schema/security-profiles.js';
import * as complianceTables from './schema/compliance.js';
import * as accountabilityTables from './schema/accountability.js';
import * as risksTables from './schema/risks.js';
import * as assessmentTables from './schema/assessment.js';
import * as incidentsTables from './schema/incidents.js';
import * as careTables from './schema/care.js';
import * as plansTables from './schema/plans.js';
import * as foodTables from './schema/food.js';
import * as gateTables from './schema/gate.js';
import * as healthChecksTables from './schema/health-checks.js';
import * as educationTables from './schema/education.js';
import * as equipmentTables from './schema/equipment.js';
import * as chemicalsTables from './schema/chemicals.js';
import * as clusterTables from './schema/cluster.js';
import * as networkSecurityTables from './schema/network-security.js';
import * as busesTables from './schema/buses.js';
import * as fireStandardTables from './schema/fire-standard.js';
import * as disputesTables from './schema/disputes.js';
import * as opinionTables from './schema/opinion.js';
import * as buildingsTables from './schema/buildings.js';
import * as warningsTables from './schema/warnings.js';
import * as bullyingTables from './schema/bullying.js';
import * as emergencyPlansTables from './schema/emergency-plans.js';
import * as emergencySuppliesTables from './schema/emergency-supplies.js';
import * as drowningTables from './schema/drowning.js';
import * as videoPatrolTables from './schema/video-patrol.js';
import * as inspectionSchedulesTables from './schema/inspection-schedules.js';
import * as budgetTables from './schema/budget.js';
import * as familyLettersTables from './schema/family-letters.js';
import * as messagesTables from './schema/messages.js';
import * as labelsTables from './schema/labels.js';
import * as iotTables from './schema/iot.js';

export * from './schema/units.js';
export * from './schema/users.js';
export * from './schema/audit.js';
export * from './schema/files.js';
export * from './schema/imports.js';
export * from './schema/codes.js';
export * from './schema/notifications.js';
export * from './schema/checklists.js';
export * from './schema/campaigns.js';
export * from './schema/inspections.js';
export * from './schema/hazards.js';
export * from './schema/campaign-samples.js';
export * from './schema/rules.js';
export * from './schema/drills.js';
export * from './schema/staff.js';
export * from './schema/meetings.js';
export * from './schema/insurance.js';
export * from './schema/letters.js';
export * from './schema/duty.js';
export * from './schema/security-profiles.js';
export * from './schema/compliance.js';
export * from './schema/accountability.js';
export * from './schema/risks.js';
export * from './schema/assessment.js';
export * from './schema/incidents.js';
export * from './schema/care.js';
export * from './schema/plans.js';
export * from './schema/food.js';
export * from './schema/gate.js';
export * from './schema/health-checks.js';
export * from './schema/education.js';
export * from './schema/equipment.js';
export * from './schema/chemicals.js';
export * from './schema/cluster.js';
export * from './schema/network-security.js';
export * from './schema/buses.js';
export * from './schema/fire-standard.js';
export * from './schema/disputes.js';
export * from './schema/opinion.js';
export * from './schema/buildings.js';
export * from './schema/warnings.js';
export * from './schema/bullying.js';
export * from './schema/emergency-plans.js';
export * from './schema/emergency-supplies.js';
export * from './schema/drowning.js';
export * from './schema/video-patrol.js';
export * from './schema/inspection-schedules.js';
export * from './schema/budget.js';
export * from './schema/messages.js';
export * from './schema/family-letters.js';
export * from './schema/labels.js';
export * from './schema/iot.js';

export const schema = {
  ...unitsTables,
  ...usersTables,
  ...auditTables,
  ...filesTables,
  ...importsTables,
  ...codesTables,
  ...notificationsTables,
  ...checklistsTables,
  ...campaignsTables,
  ...inspectionsTables,
  ...hazardsTables,
  ...campaignSamplesTables,
  ...rulesTables,
  ...drillsTables,
  ...staffTables,
  ...meetingsTables,
  ...insuranceTables,
  ...lettersTables,
  ...dutyTables,
  ...securityProfilesTables,
  ...complianceTables,
  ...accountabilityTables,
  ...risksTables,
  ...assessmentTables,
  ...incidentsTables,
  ...careTables,
  ...plansTables,
  ...foodTables,
  ...gateTables,
  ...healthChecksTables,
  ...educationTables,
  ...equipmentTables,
  ...chemicalsTables,
  ...clusterTables,
  ...networkSecurityTables,
  ...busesTables,
  ...fireStandardTables,
  ...disputesTables,
  ...opinionTables,
  ...buildingsTables,
  ...warningsTables,
  ...bullyingTables,
  ...emergencyPlansTables,
  ...emergencySuppliesTables,
  ...drowningTables,
  ...videoPatrolTables,
  ...inspectionSchedulesTables,
  ...budgetTables,
  ...familyLettersTables,
  ...messagesTables,
  ...labelsTables,
  ...iotTables,
};
