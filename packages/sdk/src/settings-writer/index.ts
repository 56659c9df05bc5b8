export {
  addPermissionRule,
  type RuleEdit,
  removePermissionRule,
  type SettingsScope,
  settingsFilePath,
} from "./settings-writer.js";
