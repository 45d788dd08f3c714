import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// node_modules/commander/lib/error.js
var require_error = __commonJS({
  "node_modules/commander/lib/error.js"(exports) {
    var CommanderError2 = class extends Error {
      /**
       * Constructs the CommanderError class
       * @param {number} exitCode suggested exit code which could be used with process.exit
       * @param {string} code an id string representing the error
       * @param {string} message human-readable description of the error
       */
      constructor(exitCode, code, message2) {
        super(message2);
        Error.captureStackTrace(this, this.constructor);
        this.name = this.constructor.name;
        this.code = code;
        this.exitCode = exitCode;
        this.nestedError = void 0;
      }
    };
    var InvalidArgumentError2 = class extends CommanderError2 {
      /**
       * Constructs the InvalidArgumentError class
       * @param {string} [message] explanation of why argument is invalid
       */
      constructor(message2) {
        super(1, "commander.invalidArgument", message2);
        Error.captureStackTrace(this, this.constructor);
        this.name = this.constructor.name;
      }
    };
    exports.CommanderError = CommanderError2;
    exports.InvalidArgumentError = InvalidArgumentError2;
  }
});

// node_modules/commander/lib/argument.js
var require_argument = __commonJS({
  "node_modules/commander/lib/argument.js"(exports) {
    var { InvalidArgumentError: InvalidArgumentError2 } = require_error();
    var Argument2 = class {
      /**
       * Initialize a new command argument with the given name and description.
       * The default is that the argument is required, and you can explicitly
       * indicate this with <> around the name. Put [] around the name for an optional argument.
       *
       * @param {string} name
       * @param {string} [description]
       */
      constructor(name, description) {
        this.description = description || "";
        this.variadic = false;
        this.parseArg = void 0;
        this.defaultValue = void 0;
        this.defaultValueDescription = void 0;
        this.argChoices = void 0;
        switch (name[0]) {
          case "<":
            this.required = true;
            this._name = name.slice(1, -1);
            break;
          case "[":
            this.required = false;
            this._name = name.slice(1, -1);
            break;
          default:
            this.required = true;
            this._name = name;
            break;
        }
        if (this._name.endsWith("...")) {
          this.variadic = true;
          this._name = this._name.slice(0, -3);
        }
      }
      /**
       * Return argument name.
       *
       * @return {string}
       */
      name() {
        return this._name;
      }
      /**
       * @package
       */
      _collectValue(value, previous) {
        if (previous === this.defaultValue || !Array.isArray(previous)) {
          return [value];
        }
        previous.push(value);
        return previous;
      }
      /**
       * Set the default value, and optionally supply the description to be displayed in the help.
       *
       * @param {*} value
       * @param {string} [description]
       * @return {Argument}
       */
      default(value, description) {
        this.defaultValue = value;
        this.defaultValueDescription = description;
        return this;
      }
      /**
       * Set the custom handler for processing CLI command arguments into argument values.
       *
       * @param {Function} [fn]
       * @return {Argument}
       */
      argParser(fn) {
        this.parseArg = fn;
        return this;
      }
      /**
       * Only allow argument value to be one of choices.
       *
       * @param {string[]} values
       * @return {Argument}
       */
      choices(values) {
        this.argChoices = values.slice();
        this.parseArg = (arg, previous) => {
          if (!this.argChoices.includes(arg)) {
            throw new InvalidArgumentError2(
              `Allowed choices are ${this.argChoices.join(", ")}.`
            );
          }
          if (this.variadic) {
            return this._collectValue(arg, previous);
          }
          return arg;
        };
        return this;
      }
      /**
       * Make argument required.
       *
       * @returns {Argument}
       */
      argRequired() {
        this.required = true;
        return this;
      }
      /**
       * Make argument optional.
       *
       * @returns {Argument}
       */
      argOptional() {
        this.required = false;
        return this;
      }
    };
    function humanReadableArgName(arg) {
      const nameOutput = arg.name() + (arg.variadic === true ? "..." : "");
      return arg.required ? "<" + nameOutput + ">" : "[" + nameOutput + "]";
    }
    exports.Argument = Argument2;
    exports.humanReadableArgName = humanReadableArgName;
  }
});

// node_modules/commander/lib/help.js
var require_help = __commonJS({
  "node_modules/commander/lib/help.js"(exports) {
    var { humanReadableArgName } = require_argument();
    var Help2 = class {
      constructor() {
        this.helpWidth = void 0;
        this.minWidthToWrap = 40;
        this.sortSubcommands = false;
        this.sortOptions = false;
        this.showGlobalOptions = false;
      }
      /**
       * prepareContext is called by Commander after applying overrides from `Command.configureHelp()`
       * and just before calling `formatHelp()`.
       *
       * Commander just uses the helpWidth and the rest is provided for optional use by more complex subclasses.
       *
       * @param {{ error?: boolean, helpWidth?: number, outputHasColors?: boolean }} contextOptions
       */
      prepareContext(contextOptions) {
        this.helpWidth = this.helpWidth ?? contextOptions.helpWidth ?? 80;
      }
      /**
       * Get an array of the visible subcommands. Includes a placeholder for the implicit help command, if there is one.
       *
       * @param {Command} cmd
       * @returns {Command[]}
       */
      visibleCommands(cmd) {
        const visibleCommands = cmd.commands.filter((cmd2) => !cmd2._hidden);
        const helpCommand = cmd._getHelpCommand();
        if (helpCommand && !helpCommand._hidden) {
          visibleCommands.push(helpCommand);
        }
        if (this.sortSubcommands) {
          visibleCommands.sort((a, b) => {
            return a.name().localeCompare(b.name());
          });
        }
        return visibleCommands;
      }
      /**
       * Compare options for sort.
       *
       * @param {Option} a
       * @param {Option} b
       * @returns {number}
       */
      compareOptions(a, b) {
        const getSortKey = (option) => {
          return option.short ? option.short.replace(/^-/, "") : option.long.replace(/^--/, "");
        };
        return getSortKey(a).localeCompare(getSortKey(b));
      }
      /**
       * Get an array of the visible options. Includes a placeholder for the implicit help option, if there is one.
       *
       * @param {Command} cmd
       * @returns {Option[]}
       */
      visibleOptions(cmd) {
        const visibleOptions = cmd.options.filter((option) => !option.hidden);
        const helpOption = cmd._getHelpOption();
        if (helpOption && !helpOption.hidden) {
          const removeShort = helpOption.short && cmd._findOption(helpOption.short);
          const removeLong = helpOption.long && cmd._findOption(helpOption.long);
          if (!removeShort && !removeLong) {
            visibleOptions.push(helpOption);
          } else if (helpOption.long && !removeLong) {
            visibleOptions.push(
              cmd.createOption(helpOption.long, helpOption.description)
            );
          } else if (helpOption.short && !removeShort) {
            visibleOptions.push(
              cmd.createOption(helpOption.short, helpOption.description)
            );
          }
        }
        if (this.sortOptions) {
          visibleOptions.sort(this.compareOptions);
        }
        return visibleOptions;
      }
      /**
       * Get an array of the visible global options. (Not including help.)
       *
       * @param {Command} cmd
       * @returns {Option[]}
       */
      visibleGlobalOptions(cmd) {
        if (!this.showGlobalOptions) return [];
        const globalOptions = [];
        for (let ancestorCmd = cmd.parent; ancestorCmd; ancestorCmd = ancestorCmd.parent) {
          const visibleOptions = ancestorCmd.options.filter(
            (option) => !option.hidden
          );
          globalOptions.push(...visibleOptions);
        }
        if (this.sortOptions) {
          globalOptions.sort(this.compareOptions);
        }
        return globalOptions;
      }
      /**
       * Get an array of the arguments if any have a description.
       *
       * @param {Command} cmd
       * @returns {Argument[]}
       */
      visibleArguments(cmd) {
        if (cmd._argsDescription) {
          cmd.registeredArguments.forEach((argument) => {
            argument.description = argument.description || cmd._argsDescription[argument.name()] || "";
          });
        }
        if (cmd.registeredArguments.find((argument) => argument.description)) {
          return cmd.registeredArguments;
        }
        return [];
      }
      /**
       * Get the command term to show in the list of subcommands.
       *
       * @param {Command} cmd
       * @returns {string}
       */
      subcommandTerm(cmd) {
        const args = cmd.registeredArguments.map((arg) => humanReadableArgName(arg)).join(" ");
        return cmd._name + (cmd._aliases[0] ? "|" + cmd._aliases[0] : "") + (cmd.options.length ? " [options]" : "") + // simplistic check for non-help option
        (args ? " " + args : "");
      }
      /**
       * Get the option term to show in the list of options.
       *
       * @param {Option} option
       * @returns {string}
       */
      optionTerm(option) {
        return option.flags;
      }
      /**
       * Get the argument term to show in the list of arguments.
       *
       * @param {Argument} argument
       * @returns {string}
       */
      argumentTerm(argument) {
        return argument.name();
      }
      /**
       * Get the longest command term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestSubcommandTermLength(cmd, helper) {
        return helper.visibleCommands(cmd).reduce((max, command) => {
          return Math.max(
            max,
            this.displayWidth(
              helper.styleSubcommandTerm(helper.subcommandTerm(command))
            )
          );
        }, 0);
      }
      /**
       * Get the longest option term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestOptionTermLength(cmd, helper) {
        return helper.visibleOptions(cmd).reduce((max, option) => {
          return Math.max(
            max,
            this.displayWidth(helper.styleOptionTerm(helper.optionTerm(option)))
          );
        }, 0);
      }
      /**
       * Get the longest global option term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestGlobalOptionTermLength(cmd, helper) {
        return helper.visibleGlobalOptions(cmd).reduce((max, option) => {
          return Math.max(
            max,
            this.displayWidth(helper.styleOptionTerm(helper.optionTerm(option)))
          );
        }, 0);
      }
      /**
       * Get the longest argument term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestArgumentTermLength(cmd, helper) {
        return helper.visibleArguments(cmd).reduce((max, argument) => {
          return Math.max(
            max,
            this.displayWidth(
              helper.styleArgumentTerm(helper.argumentTerm(argument))
            )
          );
        }, 0);
      }
      /**
       * Get the command usage to be displayed at the top of the built-in help.
       *
       * @param {Command} cmd
       * @returns {string}
       */
      commandUsage(cmd) {
        let cmdName = cmd._name;
        if (cmd._aliases[0]) {
          cmdName = cmdName + "|" + cmd._aliases[0];
        }
        let ancestorCmdNames = "";
        for (let ancestorCmd = cmd.parent; ancestorCmd; ancestorCmd = ancestorCmd.parent) {
          ancestorCmdNames = ancestorCmd.name() + " " + ancestorCmdNames;
        }
        return ancestorCmdNames + cmdName + " " + cmd.usage();
      }
      /**
       * Get the description for the command.
       *
       * @param {Command} cmd
       * @returns {string}
       */
      commandDescription(cmd) {
        return cmd.description();
      }
      /**
       * Get the subcommand summary to show in the list of subcommands.
       * (Fallback to description for backwards compatibility.)
       *
       * @param {Command} cmd
       * @returns {string}
       */
      subcommandDescription(cmd) {
        return cmd.summary() || cmd.description();
      }
      /**
       * Get the option description to show in the list of options.
       *
       * @param {Option} option
       * @return {string}
       */
      optionDescription(option) {
        const extraInfo = [];
        if (option.argChoices) {
          extraInfo.push(
            // use stringify to match the display of the default value
            `choices: ${option.argChoices.map((choice) => JSON.stringify(choice)).join(", ")}`
          );
        }
        if (option.defaultValue !== void 0) {
          const showDefault = option.required || option.optional || option.isBoolean() && typeof option.defaultValue === "boolean";
          if (showDefault) {
            extraInfo.push(
              `default: ${option.defaultValueDescription || JSON.stringify(option.defaultValue)}`
            );
          }
        }
        if (option.presetArg !== void 0 && option.optional) {
          extraInfo.push(`preset: ${JSON.stringify(option.presetArg)}`);
        }
        if (option.envVar !== void 0) {
          extraInfo.push(`env: ${option.envVar}`);
        }
        if (extraInfo.length > 0) {
          const extraDescription = `(${extraInfo.join(", ")})`;
          if (option.description) {
            return `${option.description} ${extraDescription}`;
          }
          return extraDescription;
        }
        return option.description;
      }
      /**
       * Get the argument description to show in the list of arguments.
       *
       * @param {Argument} argument
       * @return {string}
       */
      argumentDescription(argument) {
        const extraInfo = [];
        if (argument.argChoices) {
          extraInfo.push(
            // use stringify to match the display of the default value
            `choices: ${argument.argChoices.map((choice) => JSON.stringify(choice)).join(", ")}`
          );
        }
        if (argument.defaultValue !== void 0) {
          extraInfo.push(
            `default: ${argument.defaultValueDescription || JSON.stringify(argument.defaultValue)}`
          );
        }
        if (extraInfo.length > 0) {
          const extraDescription = `(${extraInfo.join(", ")})`;
          if (argument.description) {
            return `${argument.description} ${extraDescription}`;
          }
          return extraDescription;
        }
        return argument.description;
      }
      /**
       * Format a list of items, given a heading and an array of formatted items.
       *
       * @param {string} heading
       * @param {string[]} items
       * @param {Help} helper
       * @returns string[]
       */
      formatItemList(heading, items, helper) {
        if (items.length === 0) return [];
        return [helper.styleTitle(heading), ...items, ""];
      }
      /**
       * Group items by their help group heading.
       *
       * @param {Command[] | Option[]} unsortedItems
       * @param {Command[] | Option[]} visibleItems
       * @param {Function} getGroup
       * @returns {Map<string, Command[] | Option[]>}
       */
      groupItems(unsortedItems, visibleItems, getGroup) {
        const result = /* @__PURE__ */ new Map();
        unsortedItems.forEach((item) => {
          const group = getGroup(item);
          if (!result.has(group)) result.set(group, []);
        });
        visibleItems.forEach((item) => {
          const group = getGroup(item);
          if (!result.has(group)) {
            result.set(group, []);
          }
          result.get(group).push(item);
        });
        return result;
      }
      /**
       * Generate the built-in help text.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {string}
       */
      formatHelp(cmd, helper) {
        const termWidth = helper.padWidth(cmd, helper);
        const helpWidth = helper.helpWidth ?? 80;
        function callFormatItem(term, description) {
          return helper.formatItem(term, termWidth, description, helper);
        }
        let output = [
          `${helper.styleTitle("Usage:")} ${helper.styleUsage(helper.commandUsage(cmd))}`,
          ""
        ];
        const commandDescription = helper.commandDescription(cmd);
        if (commandDescription.length > 0) {
          output = output.concat([
            helper.boxWrap(
              helper.styleCommandDescription(commandDescription),
              helpWidth
            ),
            ""
          ]);
        }
        const argumentList = helper.visibleArguments(cmd).map((argument) => {
          return callFormatItem(
            helper.styleArgumentTerm(helper.argumentTerm(argument)),
            helper.styleArgumentDescription(helper.argumentDescription(argument))
          );
        });
        output = output.concat(
          this.formatItemList("Arguments:", argumentList, helper)
        );
        const optionGroups = this.groupItems(
          cmd.options,
          helper.visibleOptions(cmd),
          (option) => option.helpGroupHeading ?? "Options:"
        );
        optionGroups.forEach((options, group) => {
          const optionList = options.map((option) => {
            return callFormatItem(
              helper.styleOptionTerm(helper.optionTerm(option)),
              helper.styleOptionDescription(helper.optionDescription(option))
            );
          });
          output = output.concat(this.formatItemList(group, optionList, helper));
        });
        if (helper.showGlobalOptions) {
          const globalOptionList = helper.visibleGlobalOptions(cmd).map((option) => {
            return callFormatItem(
              helper.styleOptionTerm(helper.optionTerm(option)),
              helper.styleOptionDescription(helper.optionDescription(option))
            );
          });
          output = output.concat(
            this.formatItemList("Global Options:", globalOptionList, helper)
          );
        }
        const commandGroups = this.groupItems(
          cmd.commands,
          helper.visibleCommands(cmd),
          (sub) => sub.helpGroup() || "Commands:"
        );
        commandGroups.forEach((commands, group) => {
          const commandList = commands.map((sub) => {
            return callFormatItem(
              helper.styleSubcommandTerm(helper.subcommandTerm(sub)),
              helper.styleSubcommandDescription(helper.subcommandDescription(sub))
            );
          });
          output = output.concat(this.formatItemList(group, commandList, helper));
        });
        return output.join("\n");
      }
      /**
       * Return display width of string, ignoring ANSI escape sequences. Used in padding and wrapping calculations.
       *
       * @param {string} str
       * @returns {number}
       */
      displayWidth(str) {
        return stripColor(str).length;
      }
      /**
       * Style the title for displaying in the help. Called with 'Usage:', 'Options:', etc.
       *
       * @param {string} str
       * @returns {string}
       */
      styleTitle(str) {
        return str;
      }
      styleUsage(str) {
        return str.split(" ").map((word) => {
          if (word === "[options]") return this.styleOptionText(word);
          if (word === "[command]") return this.styleSubcommandText(word);
          if (word[0] === "[" || word[0] === "<")
            return this.styleArgumentText(word);
          return this.styleCommandText(word);
        }).join(" ");
      }
      styleCommandDescription(str) {
        return this.styleDescriptionText(str);
      }
      styleOptionDescription(str) {
        return this.styleDescriptionText(str);
      }
      styleSubcommandDescription(str) {
        return this.styleDescriptionText(str);
      }
      styleArgumentDescription(str) {
        return this.styleDescriptionText(str);
      }
      styleDescriptionText(str) {
        return str;
      }
      styleOptionTerm(str) {
        return this.styleOptionText(str);
      }
      styleSubcommandTerm(str) {
        return str.split(" ").map((word) => {
          if (word === "[options]") return this.styleOptionText(word);
          if (word[0] === "[" || word[0] === "<")
            return this.styleArgumentText(word);
          return this.styleSubcommandText(word);
        }).join(" ");
      }
      styleArgumentTerm(str) {
        return this.styleArgumentText(str);
      }
      styleOptionText(str) {
        return str;
      }
      styleArgumentText(str) {
        return str;
      }
      styleSubcommandText(str) {
        return str;
      }
      styleCommandText(str) {
        return str;
      }
      /**
       * Calculate the pad width from the maximum term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      padWidth(cmd, helper) {
        return Math.max(
          helper.longestOptionTermLength(cmd, helper),
          helper.longestGlobalOptionTermLength(cmd, helper),
          helper.longestSubcommandTermLength(cmd, helper),
          helper.longestArgumentTermLength(cmd, helper)
        );
      }
      /**
       * Detect manually wrapped and indented strings by checking for line break followed by whitespace.
       *
       * @param {string} str
       * @returns {boolean}
       */
      preformatted(str) {
        return /\n[^\S\r\n]/.test(str);
      }
      /**
       * Format the "item", which consists of a term and description. Pad the term and wrap the description, indenting the following lines.
       *
       * So "TTT", 5, "DDD DDDD DD DDD" might be formatted for this.helpWidth=17 like so:
       *   TTT  DDD DDDD
       *        DD DDD
       *
       * @param {string} term
       * @param {number} termWidth
       * @param {string} description
       * @param {Help} helper
       * @returns {string}
       */
      formatItem(term, termWidth, description, helper) {
        const itemIndent = 2;
        const itemIndentStr = " ".repeat(itemIndent);
        if (!description) return itemIndentStr + term;
        const paddedTerm = term.padEnd(
          termWidth + term.length - helper.displayWidth(term)
        );
        const spacerWidth = 2;
        const helpWidth = this.helpWidth ?? 80;
        const remainingWidth = helpWidth - termWidth - spacerWidth - itemIndent;
        let formattedDescription;
        if (remainingWidth < this.minWidthToWrap || helper.preformatted(description)) {
          formattedDescription = description;
        } else {
          const wrappedDescription = helper.boxWrap(description, remainingWidth);
          formattedDescription = wrappedDescription.replace(
            /\n/g,
            "\n" + " ".repeat(termWidth + spacerWidth)
          );
        }
        return itemIndentStr + paddedTerm + " ".repeat(spacerWidth) + formattedDescription.replace(/\n/g, `
${itemIndentStr}`);
      }
      /**
       * Wrap a string at whitespace, preserving existing line breaks.
       * Wrapping is skipped if the width is less than `minWidthToWrap`.
       *
       * @param {string} str
       * @param {number} width
       * @returns {string}
       */
      boxWrap(str, width) {
        if (width < this.minWidthToWrap) return str;
        const rawLines = str.split(/\r\n|\n/);
        const chunkPattern = /[\s]*[^\s]+/g;
        const wrappedLines = [];
        rawLines.forEach((line) => {
          const chunks = line.match(chunkPattern);
          if (chunks === null) {
            wrappedLines.push("");
            return;
          }
          let sumChunks = [chunks.shift()];
          let sumWidth = this.displayWidth(sumChunks[0]);
          chunks.forEach((chunk) => {
            const visibleWidth = this.displayWidth(chunk);
            if (sumWidth + visibleWidth <= width) {
              sumChunks.push(chunk);
              sumWidth += visibleWidth;
              return;
            }
            wrappedLines.push(sumChunks.join(""));
            const nextChunk = chunk.trimStart();
            sumChunks = [nextChunk];
            sumWidth = this.displayWidth(nextChunk);
          });
          wrappedLines.push(sumChunks.join(""));
        });
        return wrappedLines.join("\n");
      }
    };
    function stripColor(str) {
      const sgrPattern = /\x1b\[\d*(;\d*)*m/g;
      return str.replace(sgrPattern, "");
    }
    exports.Help = Help2;
    exports.stripColor = stripColor;
  }
});

// node_modules/commander/lib/option.js
var require_option = __commonJS({
  "node_modules/commander/lib/option.js"(exports) {
    var { InvalidArgumentError: InvalidArgumentError2 } = require_error();
    var Option2 = class {
      /**
       * Initialize a new `Option` with the given `flags` and `description`.
       *
       * @param {string} flags
       * @param {string} [description]
       */
      constructor(flags, description) {
        this.flags = flags;
        this.description = description || "";
        this.required = flags.includes("<");
        this.optional = flags.includes("[");
        this.variadic = /\w\.\.\.[>\]]$/.test(flags);
        this.mandatory = false;
        const optionFlags = splitOptionFlags(flags);
        this.short = optionFlags.shortFlag;
        this.long = optionFlags.longFlag;
        this.negate = false;
        if (this.long) {
          this.negate = this.long.startsWith("--no-");
        }
        this.defaultValue = void 0;
        this.defaultValueDescription = void 0;
        this.presetArg = void 0;
        this.envVar = void 0;
        this.parseArg = void 0;
        this.hidden = false;
        this.argChoices = void 0;
        this.conflictsWith = [];
        this.implied = void 0;
        this.helpGroupHeading = void 0;
      }
      /**
       * Set the default value, and optionally supply the description to be displayed in the help.
       *
       * @param {*} value
       * @param {string} [description]
       * @return {Option}
       */
      default(value, description) {
        this.defaultValue = value;
        this.defaultValueDescription = description;
        return this;
      }
      /**
       * Preset to use when option used without option-argument, especially optional but also boolean and negated.
       * The custom processing (parseArg) is called.
       *
       * @example
       * new Option('--color').default('GREYSCALE').preset('RGB');
       * new Option('--donate [amount]').preset('20').argParser(parseFloat);
       *
       * @param {*} arg
       * @return {Option}
       */
      preset(arg) {
        this.presetArg = arg;
        return this;
      }
      /**
       * Add option name(s) that conflict with this option.
       * An error will be displayed if conflicting options are found during parsing.
       *
       * @example
       * new Option('--rgb').conflicts('cmyk');
       * new Option('--js').conflicts(['ts', 'jsx']);
       *
       * @param {(string | string[])} names
       * @return {Option}
       */
      conflicts(names) {
        this.conflictsWith = this.conflictsWith.concat(names);
        return this;
      }
      /**
       * Specify implied option values for when this option is set and the implied options are not.
       *
       * The custom processing (parseArg) is not called on the implied values.
       *
       * @example
       * program
       *   .addOption(new Option('--log', 'write logging information to file'))
       *   .addOption(new Option('--trace', 'log extra details').implies({ log: 'trace.txt' }));
       *
       * @param {object} impliedOptionValues
       * @return {Option}
       */
      implies(impliedOptionValues) {
        let newImplied = impliedOptionValues;
        if (typeof impliedOptionValues === "string") {
          newImplied = { [impliedOptionValues]: true };
        }
        this.implied = Object.assign(this.implied || {}, newImplied);
        return this;
      }
      /**
       * Set environment variable to check for option value.
       *
       * An environment variable is only used if when processed the current option value is
       * undefined, or the source of the current value is 'default' or 'config' or 'env'.
       *
       * @param {string} name
       * @return {Option}
       */
      env(name) {
        this.envVar = name;
        return this;
      }
      /**
       * Set the custom handler for processing CLI option arguments into option values.
       *
       * @param {Function} [fn]
       * @return {Option}
       */
      argParser(fn) {
        this.parseArg = fn;
        return this;
      }
      /**
       * Whether the option is mandatory and must have a value after parsing.
       *
       * @param {boolean} [mandatory=true]
       * @return {Option}
       */
      makeOptionMandatory(mandatory = true) {
        this.mandatory = !!mandatory;
        return this;
      }
      /**
       * Hide option in help.
       *
       * @param {boolean} [hide=true]
       * @return {Option}
       */
      hideHelp(hide = true) {
        this.hidden = !!hide;
        return this;
      }
      /**
       * @package
       */
      _collectValue(value, previous) {
        if (previous === this.defaultValue || !Array.isArray(previous)) {
          return [value];
        }
        previous.push(value);
        return previous;
      }
      /**
       * Only allow option value to be one of choices.
       *
       * @param {string[]} values
       * @return {Option}
       */
      choices(values) {
        this.argChoices = values.slice();
        this.parseArg = (arg, previous) => {
          if (!this.argChoices.includes(arg)) {
            throw new InvalidArgumentError2(
              `Allowed choices are ${this.argChoices.join(", ")}.`
            );
          }
          if (this.variadic) {
            return this._collectValue(arg, previous);
          }
          return arg;
        };
        return this;
      }
      /**
       * Return option name.
       *
       * @return {string}
       */
      name() {
        if (this.long) {
          return this.long.replace(/^--/, "");
        }
        return this.short.replace(/^-/, "");
      }
      /**
       * Return option name, in a camelcase format that can be used
       * as an object attribute key.
       *
       * @return {string}
       */
      attributeName() {
        if (this.negate) {
          return camelcase(this.name().replace(/^no-/, ""));
        }
        return camelcase(this.name());
      }
      /**
       * Set the help group heading.
       *
       * @param {string} heading
       * @return {Option}
       */
      helpGroup(heading) {
        this.helpGroupHeading = heading;
        return this;
      }
      /**
       * Check if `arg` matches the short or long flag.
       *
       * @param {string} arg
       * @return {boolean}
       * @package
       */
      is(arg) {
        return this.short === arg || this.long === arg;
      }
      /**
       * Return whether a boolean option.
       *
       * Options are one of boolean, negated, required argument, or optional argument.
       *
       * @return {boolean}
       * @package
       */
      isBoolean() {
        return !this.required && !this.optional && !this.negate;
      }
    };
    var DualOptions = class {
      /**
       * @param {Option[]} options
       */
      constructor(options) {
        this.positiveOptions = /* @__PURE__ */ new Map();
        this.negativeOptions = /* @__PURE__ */ new Map();
        this.dualOptions = /* @__PURE__ */ new Set();
        options.forEach((option) => {
          if (option.negate) {
            this.negativeOptions.set(option.attributeName(), option);
          } else {
            this.positiveOptions.set(option.attributeName(), option);
          }
        });
        this.negativeOptions.forEach((value, key) => {
          if (this.positiveOptions.has(key)) {
            this.dualOptions.add(key);
          }
        });
      }
      /**
       * Did the value come from the option, and not from possible matching dual option?
       *
       * @param {*} value
       * @param {Option} option
       * @returns {boolean}
       */
      valueFromOption(value, option) {
        const optionKey = option.attributeName();
        if (!this.dualOptions.has(optionKey)) return true;
        const preset = this.negativeOptions.get(optionKey).presetArg;
        const negativeValue = preset !== void 0 ? preset : false;
        return option.negate === (negativeValue === value);
      }
    };
    function camelcase(str) {
      return str.split("-").reduce((str2, word) => {
        return str2 + word[0].toUpperCase() + word.slice(1);
      });
    }
    function splitOptionFlags(flags) {
      let shortFlag;
      let longFlag;
      const shortFlagExp = /^-[^-]$/;
      const longFlagExp = /^--[^-]/;
      const flagParts = flags.split(/[ |,]+/).concat("guard");
      if (shortFlagExp.test(flagParts[0])) shortFlag = flagParts.shift();
      if (longFlagExp.test(flagParts[0])) longFlag = flagParts.shift();
      if (!shortFlag && shortFlagExp.test(flagParts[0]))
        shortFlag = flagParts.shift();
      if (!shortFlag && longFlagExp.test(flagParts[0])) {
        shortFlag = longFlag;
        longFlag = flagParts.shift();
      }
      if (flagParts[0].startsWith("-")) {
        const unsupportedFlag = flagParts[0];
        const baseError = `option creation failed due to '${unsupportedFlag}' in option flags '${flags}'`;
        if (/^-[^-][^-]/.test(unsupportedFlag))
          throw new Error(
            `${baseError}
- a short flag is a single dash and a single character
  - either use a single dash and a single character (for a short flag)
  - or use a double dash for a long option (and can have two, like '--ws, --workspace')`
          );
        if (shortFlagExp.test(unsupportedFlag))
          throw new Error(`${baseError}
- too many short flags`);
        if (longFlagExp.test(unsupportedFlag))
          throw new Error(`${baseError}
- too many long flags`);
        throw new Error(`${baseError}
- unrecognised flag format`);
      }
      if (shortFlag === void 0 && longFlag === void 0)
        throw new Error(
          `option creation failed due to no flags found in '${flags}'.`
        );
      return { shortFlag, longFlag };
    }
    exports.Option = Option2;
    exports.DualOptions = DualOptions;
  }
});

// node_modules/commander/lib/suggestSimilar.js
var require_suggestSimilar = __commonJS({
  "node_modules/commander/lib/suggestSimilar.js"(exports) {
    var maxDistance = 3;
    function editDistance(a, b) {
      if (Math.abs(a.length - b.length) > maxDistance)
        return Math.max(a.length, b.length);
      const d = [];
      for (let i = 0; i <= a.length; i++) {
        d[i] = [i];
      }
      for (let j = 0; j <= b.length; j++) {
        d[0][j] = j;
      }
      for (let j = 1; j <= b.length; j++) {
        for (let i = 1; i <= a.length; i++) {
          let cost = 1;
          if (a[i - 1] === b[j - 1]) {
            cost = 0;
          } else {
            cost = 1;
          }
          d[i][j] = Math.min(
            d[i - 1][j] + 1,
            // deletion
            d[i][j - 1] + 1,
            // insertion
            d[i - 1][j - 1] + cost
            // substitution
          );
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
            d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
          }
        }
      }
      return d[a.length][b.length];
    }
    function suggestSimilar(word, candidates) {
      if (!candidates || candidates.length === 0) return "";
      candidates = Array.from(new Set(candidates));
      const searchingOptions = word.startsWith("--");
      if (searchingOptions) {
        word = word.slice(2);
        candidates = candidates.map((candidate) => candidate.slice(2));
      }
      let similar = [];
      let bestDistance = maxDistance;
      const minSimilarity = 0.4;
      candidates.forEach((candidate) => {
        if (candidate.length <= 1) return;
        const distance = editDistance(word, candidate);
        const length = Math.max(word.length, candidate.length);
        const similarity = (length - distance) / length;
        if (similarity > minSimilarity) {
          if (distance < bestDistance) {
            bestDistance = distance;
            similar = [candidate];
          } else if (distance === bestDistance) {
            similar.push(candidate);
          }
        }
      });
      similar.sort((a, b) => a.localeCompare(b));
      if (searchingOptions) {
        similar = similar.map((candidate) => `--${candidate}`);
      }
      if (similar.length > 1) {
        return `
(Did you mean one of ${similar.join(", ")}?)`;
      }
      if (similar.length === 1) {
        return `
(Did you mean ${similar[0]}?)`;
      }
      return "";
    }
    exports.suggestSimilar = suggestSimilar;
  }
});

// node_modules/commander/lib/command.js
var require_command = __commonJS({
  "node_modules/commander/lib/command.js"(exports) {
    var EventEmitter = __require("node:events").EventEmitter;
    var childProcess = __require("node:child_process");
    var path = __require("node:path");
    var fs = __require("node:fs");
    var process2 = __require("node:process");
    var { Argument: Argument2, humanReadableArgName } = require_argument();
    var { CommanderError: CommanderError2 } = require_error();
    var { Help: Help2, stripColor } = require_help();
    var { Option: Option2, DualOptions } = require_option();
    var { suggestSimilar } = require_suggestSimilar();
    var Command2 = class _Command extends EventEmitter {
      /**
       * Initialize a new `Command`.
       *
       * @param {string} [name]
       */
      constructor(name) {
        super();
        this.commands = [];
        this.options = [];
        this.parent = null;
        this._allowUnknownOption = false;
        this._allowExcessArguments = false;
        this.registeredArguments = [];
        this._args = this.registeredArguments;
        this.args = [];
        this.rawArgs = [];
        this.processedArgs = [];
        this._scriptPath = null;
        this._name = name || "";
        this._optionValues = {};
        this._optionValueSources = {};
        this._storeOptionsAsProperties = false;
        this._actionHandler = null;
        this._executableHandler = false;
        this._executableFile = null;
        this._executableDir = null;
        this._defaultCommandName = null;
        this._exitCallback = null;
        this._aliases = [];
        this._combineFlagAndOptionalValue = true;
        this._description = "";
        this._summary = "";
        this._argsDescription = void 0;
        this._enablePositionalOptions = false;
        this._passThroughOptions = false;
        this._lifeCycleHooks = {};
        this._showHelpAfterError = false;
        this._showSuggestionAfterError = true;
        this._savedState = null;
        this._outputConfiguration = {
          writeOut: (str) => process2.stdout.write(str),
          writeErr: (str) => process2.stderr.write(str),
          outputError: (str, write2) => write2(str),
          getOutHelpWidth: () => process2.stdout.isTTY ? process2.stdout.columns : void 0,
          getErrHelpWidth: () => process2.stderr.isTTY ? process2.stderr.columns : void 0,
          getOutHasColors: () => useColor() ?? (process2.stdout.isTTY && process2.stdout.hasColors?.()),
          getErrHasColors: () => useColor() ?? (process2.stderr.isTTY && process2.stderr.hasColors?.()),
          stripColor: (str) => stripColor(str)
        };
        this._hidden = false;
        this._helpOption = void 0;
        this._addImplicitHelpCommand = void 0;
        this._helpCommand = void 0;
        this._helpConfiguration = {};
        this._helpGroupHeading = void 0;
        this._defaultCommandGroup = void 0;
        this._defaultOptionGroup = void 0;
      }
      /**
       * Copy settings that are useful to have in common across root command and subcommands.
       *
       * (Used internally when adding a command using `.command()` so subcommands inherit parent settings.)
       *
       * @param {Command} sourceCommand
       * @return {Command} `this` command for chaining
       */
      copyInheritedSettings(sourceCommand) {
        this._outputConfiguration = sourceCommand._outputConfiguration;
        this._helpOption = sourceCommand._helpOption;
        this._helpCommand = sourceCommand._helpCommand;
        this._helpConfiguration = sourceCommand._helpConfiguration;
        this._exitCallback = sourceCommand._exitCallback;
        this._storeOptionsAsProperties = sourceCommand._storeOptionsAsProperties;
        this._combineFlagAndOptionalValue = sourceCommand._combineFlagAndOptionalValue;
        this._allowExcessArguments = sourceCommand._allowExcessArguments;
        this._enablePositionalOptions = sourceCommand._enablePositionalOptions;
        this._showHelpAfterError = sourceCommand._showHelpAfterError;
        this._showSuggestionAfterError = sourceCommand._showSuggestionAfterError;
        return this;
      }
      /**
       * @returns {Command[]}
       * @private
       */
      _getCommandAndAncestors() {
        const result = [];
        for (let command = this; command; command = command.parent) {
          result.push(command);
        }
        return result;
      }
      /**
       * Define a command.
       *
       * There are two styles of command: pay attention to where to put the description.
       *
       * @example
       * // Command implemented using action handler (description is supplied separately to `.command`)
       * program
       *   .command('clone <source> [destination]')
       *   .description('clone a repository into a newly created directory')
       *   .action((source, destination) => {
       *     console.log('clone command called');
       *   });
       *
       * // Command implemented using separate executable file (description is second parameter to `.command`)
       * program
       *   .command('start <service>', 'start named service')
       *   .command('stop [service]', 'stop named service, or all if no name supplied');
       *
       * @param {string} nameAndArgs - command name and arguments, args are `<required>` or `[optional]` and last may also be `variadic...`
       * @param {(object | string)} [actionOptsOrExecDesc] - configuration options (for action), or description (for executable)
       * @param {object} [execOpts] - configuration options (for executable)
       * @return {Command} returns new command for action handler, or `this` for executable command
       */
      command(nameAndArgs, actionOptsOrExecDesc, execOpts) {
        let desc = actionOptsOrExecDesc;
        let opts = execOpts;
        if (typeof desc === "object" && desc !== null) {
          opts = desc;
          desc = null;
        }
        opts = opts || {};
        const [, name, args] = nameAndArgs.match(/([^ ]+) *(.*)/);
        const cmd = this.createCommand(name);
        if (desc) {
          cmd.description(desc);
          cmd._executableHandler = true;
        }
        if (opts.isDefault) this._defaultCommandName = cmd._name;
        cmd._hidden = !!(opts.noHelp || opts.hidden);
        cmd._executableFile = opts.executableFile || null;
        if (args) cmd.arguments(args);
        this._registerCommand(cmd);
        cmd.parent = this;
        cmd.copyInheritedSettings(this);
        if (desc) return this;
        return cmd;
      }
      /**
       * Factory routine to create a new unattached command.
       *
       * See .command() for creating an attached subcommand, which uses this routine to
       * create the command. You can override createCommand to customise subcommands.
       *
       * @param {string} [name]
       * @return {Command} new command
       */
      createCommand(name) {
        return new _Command(name);
      }
      /**
       * You can customise the help with a subclass of Help by overriding createHelp,
       * or by overriding Help properties using configureHelp().
       *
       * @return {Help}
       */
      createHelp() {
        return Object.assign(new Help2(), this.configureHelp());
      }
      /**
       * You can customise the help by overriding Help properties using configureHelp(),
       * or with a subclass of Help by overriding createHelp().
       *
       * @param {object} [configuration] - configuration options
       * @return {(Command | object)} `this` command for chaining, or stored configuration
       */
      configureHelp(configuration) {
        if (configuration === void 0) return this._helpConfiguration;
        this._helpConfiguration = configuration;
        return this;
      }
      /**
       * The default output goes to stdout and stderr. You can customise this for special
       * applications. You can also customise the display of errors by overriding outputError.
       *
       * The configuration properties are all functions:
       *
       *     // change how output being written, defaults to stdout and stderr
       *     writeOut(str)
       *     writeErr(str)
       *     // change how output being written for errors, defaults to writeErr
       *     outputError(str, write) // used for displaying errors and not used for displaying help
       *     // specify width for wrapping help
       *     getOutHelpWidth()
       *     getErrHelpWidth()
       *     // color support, currently only used with Help
       *     getOutHasColors()
       *     getErrHasColors()
       *     stripColor() // used to remove ANSI escape codes if output does not have colors
       *
       * @param {object} [configuration] - configuration options
       * @return {(Command | object)} `this` command for chaining, or stored configuration
       */
      configureOutput(configuration) {
        if (configuration === void 0) return this._outputConfiguration;
        this._outputConfiguration = {
          ...this._outputConfiguration,
          ...configuration
        };
        return this;
      }
      /**
       * Display the help or a custom message after an error occurs.
       *
       * @param {(boolean|string)} [displayHelp]
       * @return {Command} `this` command for chaining
       */
      showHelpAfterError(displayHelp = true) {
        if (typeof displayHelp !== "string") displayHelp = !!displayHelp;
        this._showHelpAfterError = displayHelp;
        return this;
      }
      /**
       * Display suggestion of similar commands for unknown commands, or options for unknown options.
       *
       * @param {boolean} [displaySuggestion]
       * @return {Command} `this` command for chaining
       */
      showSuggestionAfterError(displaySuggestion = true) {
        this._showSuggestionAfterError = !!displaySuggestion;
        return this;
      }
      /**
       * Add a prepared subcommand.
       *
       * See .command() for creating an attached subcommand which inherits settings from its parent.
       *
       * @param {Command} cmd - new subcommand
       * @param {object} [opts] - configuration options
       * @return {Command} `this` command for chaining
       */
      addCommand(cmd, opts) {
        if (!cmd._name) {
          throw new Error(`Command passed to .addCommand() must have a name
- specify the name in Command constructor or using .name()`);
        }
        opts = opts || {};
        if (opts.isDefault) this._defaultCommandName = cmd._name;
        if (opts.noHelp || opts.hidden) cmd._hidden = true;
        this._registerCommand(cmd);
        cmd.parent = this;
        cmd._checkForBrokenPassThrough();
        return this;
      }
      /**
       * Factory routine to create a new unattached argument.
       *
       * See .argument() for creating an attached argument, which uses this routine to
       * create the argument. You can override createArgument to return a custom argument.
       *
       * @param {string} name
       * @param {string} [description]
       * @return {Argument} new argument
       */
      createArgument(name, description) {
        return new Argument2(name, description);
      }
      /**
       * Define argument syntax for command.
       *
       * The default is that the argument is required, and you can explicitly
       * indicate this with <> around the name. Put [] around the name for an optional argument.
       *
       * @example
       * program.argument('<input-file>');
       * program.argument('[output-file]');
       *
       * @param {string} name
       * @param {string} [description]
       * @param {(Function|*)} [parseArg] - custom argument processing function or default value
       * @param {*} [defaultValue]
       * @return {Command} `this` command for chaining
       */
      argument(name, description, parseArg, defaultValue) {
        const argument = this.createArgument(name, description);
        if (typeof parseArg === "function") {
          argument.default(defaultValue).argParser(parseArg);
        } else {
          argument.default(parseArg);
        }
        this.addArgument(argument);
        return this;
      }
      /**
       * Define argument syntax for command, adding multiple at once (without descriptions).
       *
       * See also .argument().
       *
       * @example
       * program.arguments('<cmd> [env]');
       *
       * @param {string} names
       * @return {Command} `this` command for chaining
       */
      arguments(names) {
        names.trim().split(/ +/).forEach((detail2) => {
          this.argument(detail2);
        });
        return this;
      }
      /**
       * Define argument syntax for command, adding a prepared argument.
       *
       * @param {Argument} argument
       * @return {Command} `this` command for chaining
       */
      addArgument(argument) {
        const previousArgument = this.registeredArguments.slice(-1)[0];
        if (previousArgument?.variadic) {
          throw new Error(
            `only the last argument can be variadic '${previousArgument.name()}'`
          );
        }
        if (argument.required && argument.defaultValue !== void 0 && argument.parseArg === void 0) {
          throw new Error(
            `a default value for a required argument is never used: '${argument.name()}'`
          );
        }
        this.registeredArguments.push(argument);
        return this;
      }
      /**
       * Customise or override default help command. By default a help command is automatically added if your command has subcommands.
       *
       * @example
       *    program.helpCommand('help [cmd]');
       *    program.helpCommand('help [cmd]', 'show help');
       *    program.helpCommand(false); // suppress default help command
       *    program.helpCommand(true); // add help command even if no subcommands
       *
       * @param {string|boolean} enableOrNameAndArgs - enable with custom name and/or arguments, or boolean to override whether added
       * @param {string} [description] - custom description
       * @return {Command} `this` command for chaining
       */
      helpCommand(enableOrNameAndArgs, description) {
        if (typeof enableOrNameAndArgs === "boolean") {
          this._addImplicitHelpCommand = enableOrNameAndArgs;
          if (enableOrNameAndArgs && this._defaultCommandGroup) {
            this._initCommandGroup(this._getHelpCommand());
          }
          return this;
        }
        const nameAndArgs = enableOrNameAndArgs ?? "help [command]";
        const [, helpName, helpArgs] = nameAndArgs.match(/([^ ]+) *(.*)/);
        const helpDescription = description ?? "display help for command";
        const helpCommand = this.createCommand(helpName);
        helpCommand.helpOption(false);
        if (helpArgs) helpCommand.arguments(helpArgs);
        if (helpDescription) helpCommand.description(helpDescription);
        this._addImplicitHelpCommand = true;
        this._helpCommand = helpCommand;
        if (enableOrNameAndArgs || description) this._initCommandGroup(helpCommand);
        return this;
      }
      /**
       * Add prepared custom help command.
       *
       * @param {(Command|string|boolean)} helpCommand - custom help command, or deprecated enableOrNameAndArgs as for `.helpCommand()`
       * @param {string} [deprecatedDescription] - deprecated custom description used with custom name only
       * @return {Command} `this` command for chaining
       */
      addHelpCommand(helpCommand, deprecatedDescription) {
        if (typeof helpCommand !== "object") {
          this.helpCommand(helpCommand, deprecatedDescription);
          return this;
        }
        this._addImplicitHelpCommand = true;
        this._helpCommand = helpCommand;
        this._initCommandGroup(helpCommand);
        return this;
      }
      /**
       * Lazy create help command.
       *
       * @return {(Command|null)}
       * @package
       */
      _getHelpCommand() {
        const hasImplicitHelpCommand = this._addImplicitHelpCommand ?? (this.commands.length && !this._actionHandler && !this._findCommand("help"));
        if (hasImplicitHelpCommand) {
          if (this._helpCommand === void 0) {
            this.helpCommand(void 0, void 0);
          }
          return this._helpCommand;
        }
        return null;
      }
      /**
       * Add hook for life cycle event.
       *
       * @param {string} event
       * @param {Function} listener
       * @return {Command} `this` command for chaining
       */
      hook(event, listener) {
        const allowedValues = ["preSubcommand", "preAction", "postAction"];
        if (!allowedValues.includes(event)) {
          throw new Error(`Unexpected value for event passed to hook : '${event}'.
Expecting one of '${allowedValues.join("', '")}'`);
        }
        if (this._lifeCycleHooks[event]) {
          this._lifeCycleHooks[event].push(listener);
        } else {
          this._lifeCycleHooks[event] = [listener];
        }
        return this;
      }
      /**
       * Register callback to use as replacement for calling process.exit.
       *
       * @param {Function} [fn] optional callback which will be passed a CommanderError, defaults to throwing
       * @return {Command} `this` command for chaining
       */
      exitOverride(fn) {
        if (fn) {
          this._exitCallback = fn;
        } else {
          this._exitCallback = (err) => {
            if (err.code !== "commander.executeSubCommandAsync") {
              throw err;
            } else {
            }
          };
        }
        return this;
      }
      /**
       * Call process.exit, and _exitCallback if defined.
       *
       * @param {number} exitCode exit code for using with process.exit
       * @param {string} code an id string representing the error
       * @param {string} message human-readable description of the error
       * @return never
       * @private
       */
      _exit(exitCode, code, message2) {
        if (this._exitCallback) {
          this._exitCallback(new CommanderError2(exitCode, code, message2));
        }
        process2.exit(exitCode);
      }
      /**
       * Register callback `fn` for the command.
       *
       * @example
       * program
       *   .command('serve')
       *   .description('start service')
       *   .action(function() {
       *      // do work here
       *   });
       *
       * @param {Function} fn
       * @return {Command} `this` command for chaining
       */
      action(fn) {
        const listener = (args) => {
          const expectedArgsCount = this.registeredArguments.length;
          const actionArgs = args.slice(0, expectedArgsCount);
          if (this._storeOptionsAsProperties) {
            actionArgs[expectedArgsCount] = this;
          } else {
            actionArgs[expectedArgsCount] = this.opts();
          }
          actionArgs.push(this);
          return fn.apply(this, actionArgs);
        };
        this._actionHandler = listener;
        return this;
      }
      /**
       * Factory routine to create a new unattached option.
       *
       * See .option() for creating an attached option, which uses this routine to
       * create the option. You can override createOption to return a custom option.
       *
       * @param {string} flags
       * @param {string} [description]
       * @return {Option} new option
       */
      createOption(flags, description) {
        return new Option2(flags, description);
      }
      /**
       * Wrap parseArgs to catch 'commander.invalidArgument'.
       *
       * @param {(Option | Argument)} target
       * @param {string} value
       * @param {*} previous
       * @param {string} invalidArgumentMessage
       * @private
       */
      _callParseArg(target, value, previous, invalidArgumentMessage) {
        try {
          return target.parseArg(value, previous);
        } catch (err) {
          if (err.code === "commander.invalidArgument") {
            const message2 = `${invalidArgumentMessage} ${err.message}`;
            this.error(message2, { exitCode: err.exitCode, code: err.code });
          }
          throw err;
        }
      }
      /**
       * Check for option flag conflicts.
       * Register option if no conflicts found, or throw on conflict.
       *
       * @param {Option} option
       * @private
       */
      _registerOption(option) {
        const matchingOption = option.short && this._findOption(option.short) || option.long && this._findOption(option.long);
        if (matchingOption) {
          const matchingFlag = option.long && this._findOption(option.long) ? option.long : option.short;
          throw new Error(`Cannot add option '${option.flags}'${this._name && ` to command '${this._name}'`} due to conflicting flag '${matchingFlag}'
-  already used by option '${matchingOption.flags}'`);
        }
        this._initOptionGroup(option);
        this.options.push(option);
      }
      /**
       * Check for command name and alias conflicts with existing commands.
       * Register command if no conflicts found, or throw on conflict.
       *
       * @param {Command} command
       * @private
       */
      _registerCommand(command) {
        const knownBy = (cmd) => {
          return [cmd.name()].concat(cmd.aliases());
        };
        const alreadyUsed = knownBy(command).find(
          (name) => this._findCommand(name)
        );
        if (alreadyUsed) {
          const existingCmd = knownBy(this._findCommand(alreadyUsed)).join("|");
          const newCmd = knownBy(command).join("|");
          throw new Error(
            `cannot add command '${newCmd}' as already have command '${existingCmd}'`
          );
        }
        this._initCommandGroup(command);
        this.commands.push(command);
      }
      /**
       * Add an option.
       *
       * @param {Option} option
       * @return {Command} `this` command for chaining
       */
      addOption(option) {
        this._registerOption(option);
        const oname = option.name();
        const name = option.attributeName();
        if (option.negate) {
          const positiveLongFlag = option.long.replace(/^--no-/, "--");
          if (!this._findOption(positiveLongFlag)) {
            this.setOptionValueWithSource(
              name,
              option.defaultValue === void 0 ? true : option.defaultValue,
              "default"
            );
          }
        } else if (option.defaultValue !== void 0) {
          this.setOptionValueWithSource(name, option.defaultValue, "default");
        }
        const handleOptionValue = (val, invalidValueMessage, valueSource) => {
          if (val == null && option.presetArg !== void 0) {
            val = option.presetArg;
          }
          const oldValue = this.getOptionValue(name);
          if (val !== null && option.parseArg) {
            val = this._callParseArg(option, val, oldValue, invalidValueMessage);
          } else if (val !== null && option.variadic) {
            val = option._collectValue(val, oldValue);
          }
          if (val == null) {
            if (option.negate) {
              val = false;
            } else if (option.isBoolean() || option.optional) {
              val = true;
            } else {
              val = "";
            }
          }
          this.setOptionValueWithSource(name, val, valueSource);
        };
        this.on("option:" + oname, (val) => {
          const invalidValueMessage = `error: option '${option.flags}' argument '${val}' is invalid.`;
          handleOptionValue(val, invalidValueMessage, "cli");
        });
        if (option.envVar) {
          this.on("optionEnv:" + oname, (val) => {
            const invalidValueMessage = `error: option '${option.flags}' value '${val}' from env '${option.envVar}' is invalid.`;
            handleOptionValue(val, invalidValueMessage, "env");
          });
        }
        return this;
      }
      /**
       * Internal implementation shared by .option() and .requiredOption()
       *
       * @return {Command} `this` command for chaining
       * @private
       */
      _optionEx(config, flags, description, fn, defaultValue) {
        if (typeof flags === "object" && flags instanceof Option2) {
          throw new Error(
            "To add an Option object use addOption() instead of option() or requiredOption()"
          );
        }
        const option = this.createOption(flags, description);
        option.makeOptionMandatory(!!config.mandatory);
        if (typeof fn === "function") {
          option.default(defaultValue).argParser(fn);
        } else if (fn instanceof RegExp) {
          const regex = fn;
          fn = (val, def) => {
            const m = regex.exec(val);
            return m ? m[0] : def;
          };
          option.default(defaultValue).argParser(fn);
        } else {
          option.default(fn);
        }
        return this.addOption(option);
      }
      /**
       * Define option with `flags`, `description`, and optional argument parsing function or `defaultValue` or both.
       *
       * The `flags` string contains the short and/or long flags, separated by comma, a pipe or space. A required
       * option-argument is indicated by `<>` and an optional option-argument by `[]`.
       *
       * See the README for more details, and see also addOption() and requiredOption().
       *
       * @example
       * program
       *     .option('-p, --pepper', 'add pepper')
       *     .option('--pt, --pizza-type <TYPE>', 'type of pizza') // required option-argument
       *     .option('-c, --cheese [CHEESE]', 'add extra cheese', 'mozzarella') // optional option-argument with default
       *     .option('-t, --tip <VALUE>', 'add tip to purchase cost', parseFloat) // custom parse function
       *
       * @param {string} flags
       * @param {string} [description]
       * @param {(Function|*)} [parseArg] - custom option processing function or default value
       * @param {*} [defaultValue]
       * @return {Command} `this` command for chaining
       */
      option(flags, description, parseArg, defaultValue) {
        return this._optionEx({}, flags, description, parseArg, defaultValue);
      }
      /**
       * Add a required option which must have a value after parsing. This usually means
       * the option must be specified on the command line. (Otherwise the same as .option().)
       *
       * The `flags` string contains the short and/or long flags, separated by comma, a pipe or space.
       *
       * @param {string} flags
       * @param {string} [description]
       * @param {(Function|*)} [parseArg] - custom option processing function or default value
       * @param {*} [defaultValue]
       * @return {Command} `this` command for chaining
       */
      requiredOption(flags, description, parseArg, defaultValue) {
        return this._optionEx(
          { mandatory: true },
          flags,
          description,
          parseArg,
          defaultValue
        );
      }
      /**
       * Alter parsing of short flags with optional values.
       *
       * @example
       * // for `.option('-f,--flag [value]'):
       * program.combineFlagAndOptionalValue(true);  // `-f80` is treated like `--flag=80`, this is the default behaviour
       * program.combineFlagAndOptionalValue(false) // `-fb` is treated like `-f -b`
       *
       * @param {boolean} [combine] - if `true` or omitted, an optional value can be specified directly after the flag.
       * @return {Command} `this` command for chaining
       */
      combineFlagAndOptionalValue(combine = true) {
        this._combineFlagAndOptionalValue = !!combine;
        return this;
      }
      /**
       * Allow unknown options on the command line.
       *
       * @param {boolean} [allowUnknown] - if `true` or omitted, no error will be thrown for unknown options.
       * @return {Command} `this` command for chaining
       */
      allowUnknownOption(allowUnknown = true) {
        this._allowUnknownOption = !!allowUnknown;
        return this;
      }
      /**
       * Allow excess command-arguments on the command line. Pass false to make excess arguments an error.
       *
       * @param {boolean} [allowExcess] - if `true` or omitted, no error will be thrown for excess arguments.
       * @return {Command} `this` command for chaining
       */
      allowExcessArguments(allowExcess = true) {
        this._allowExcessArguments = !!allowExcess;
        return this;
      }
      /**
       * Enable positional options. Positional means global options are specified before subcommands which lets
       * subcommands reuse the same option names, and also enables subcommands to turn on passThroughOptions.
       * The default behaviour is non-positional and global options may appear anywhere on the command line.
       *
       * @param {boolean} [positional]
       * @return {Command} `this` command for chaining
       */
      enablePositionalOptions(positional = true) {
        this._enablePositionalOptions = !!positional;
        return this;
      }
      /**
       * Pass through options that come after command-arguments rather than treat them as command-options,
       * so actual command-options come before command-arguments. Turning this on for a subcommand requires
       * positional options to have been enabled on the program (parent commands).
       * The default behaviour is non-positional and options may appear before or after command-arguments.
       *
       * @param {boolean} [passThrough] for unknown options.
       * @return {Command} `this` command for chaining
       */
      passThroughOptions(passThrough = true) {
        this._passThroughOptions = !!passThrough;
        this._checkForBrokenPassThrough();
        return this;
      }
      /**
       * @private
       */
      _checkForBrokenPassThrough() {
        if (this.parent && this._passThroughOptions && !this.parent._enablePositionalOptions) {
          throw new Error(
            `passThroughOptions cannot be used for '${this._name}' without turning on enablePositionalOptions for parent command(s)`
          );
        }
      }
      /**
       * Whether to store option values as properties on command object,
       * or store separately (specify false). In both cases the option values can be accessed using .opts().
       *
       * @param {boolean} [storeAsProperties=true]
       * @return {Command} `this` command for chaining
       */
      storeOptionsAsProperties(storeAsProperties = true) {
        if (this.options.length) {
          throw new Error("call .storeOptionsAsProperties() before adding options");
        }
        if (Object.keys(this._optionValues).length) {
          throw new Error(
            "call .storeOptionsAsProperties() before setting option values"
          );
        }
        this._storeOptionsAsProperties = !!storeAsProperties;
        return this;
      }
      /**
       * Retrieve option value.
       *
       * @param {string} key
       * @return {object} value
       */
      getOptionValue(key) {
        if (this._storeOptionsAsProperties) {
          return this[key];
        }
        return this._optionValues[key];
      }
      /**
       * Store option value.
       *
       * @param {string} key
       * @param {object} value
       * @return {Command} `this` command for chaining
       */
      setOptionValue(key, value) {
        return this.setOptionValueWithSource(key, value, void 0);
      }
      /**
       * Store option value and where the value came from.
       *
       * @param {string} key
       * @param {object} value
       * @param {string} source - expected values are default/config/env/cli/implied
       * @return {Command} `this` command for chaining
       */
      setOptionValueWithSource(key, value, source) {
        if (this._storeOptionsAsProperties) {
          this[key] = value;
        } else {
          this._optionValues[key] = value;
        }
        this._optionValueSources[key] = source;
        return this;
      }
      /**
       * Get source of option value.
       * Expected values are default | config | env | cli | implied
       *
       * @param {string} key
       * @return {string}
       */
      getOptionValueSource(key) {
        return this._optionValueSources[key];
      }
      /**
       * Get source of option value. See also .optsWithGlobals().
       * Expected values are default | config | env | cli | implied
       *
       * @param {string} key
       * @return {string}
       */
      getOptionValueSourceWithGlobals(key) {
        let source;
        this._getCommandAndAncestors().forEach((cmd) => {
          if (cmd.getOptionValueSource(key) !== void 0) {
            source = cmd.getOptionValueSource(key);
          }
        });
        return source;
      }
      /**
       * Get user arguments from implied or explicit arguments.
       * Side-effects: set _scriptPath if args included script. Used for default program name, and subcommand searches.
       *
       * @private
       */
      _prepareUserArgs(argv, parseOptions) {
        if (argv !== void 0 && !Array.isArray(argv)) {
          throw new Error("first parameter to parse must be array or undefined");
        }
        parseOptions = parseOptions || {};
        if (argv === void 0 && parseOptions.from === void 0) {
          if (process2.versions?.electron) {
            parseOptions.from = "electron";
          }
          const execArgv = process2.execArgv ?? [];
          if (execArgv.includes("-e") || execArgv.includes("--eval") || execArgv.includes("-p") || execArgv.includes("--print")) {
            parseOptions.from = "eval";
          }
        }
        if (argv === void 0) {
          argv = process2.argv;
        }
        this.rawArgs = argv.slice();
        let userArgs;
        switch (parseOptions.from) {
          case void 0:
          case "node":
            this._scriptPath = argv[1];
            userArgs = argv.slice(2);
            break;
          case "electron":
            if (process2.defaultApp) {
              this._scriptPath = argv[1];
              userArgs = argv.slice(2);
            } else {
              userArgs = argv.slice(1);
            }
            break;
          case "user":
            userArgs = argv.slice(0);
            break;
          case "eval":
            userArgs = argv.slice(1);
            break;
          default:
            throw new Error(
              `unexpected parse option { from: '${parseOptions.from}' }`
            );
        }
        if (!this._name && this._scriptPath)
          this.nameFromFilename(this._scriptPath);
        this._name = this._name || "program";
        return userArgs;
      }
      /**
       * Parse `argv`, setting options and invoking commands when defined.
       *
       * Use parseAsync instead of parse if any of your action handlers are async.
       *
       * Call with no parameters to parse `process.argv`. Detects Electron and special node options like `node --eval`. Easy mode!
       *
       * Or call with an array of strings to parse, and optionally where the user arguments start by specifying where the arguments are `from`:
       * - `'node'`: default, `argv[0]` is the application and `argv[1]` is the script being run, with user arguments after that
       * - `'electron'`: `argv[0]` is the application and `argv[1]` varies depending on whether the electron application is packaged
       * - `'user'`: just user arguments
       *
       * @example
       * program.parse(); // parse process.argv and auto-detect electron and special node flags
       * program.parse(process.argv); // assume argv[0] is app and argv[1] is script
       * program.parse(my-args, { from: 'user' }); // just user supplied arguments, nothing special about argv[0]
       *
       * @param {string[]} [argv] - optional, defaults to process.argv
       * @param {object} [parseOptions] - optionally specify style of options with from: node/user/electron
       * @param {string} [parseOptions.from] - where the args are from: 'node', 'user', 'electron'
       * @return {Command} `this` command for chaining
       */
      parse(argv, parseOptions) {
        this._prepareForParse();
        const userArgs = this._prepareUserArgs(argv, parseOptions);
        this._parseCommand([], userArgs);
        return this;
      }
      /**
       * Parse `argv`, setting options and invoking commands when defined.
       *
       * Call with no parameters to parse `process.argv`. Detects Electron and special node options like `node --eval`. Easy mode!
       *
       * Or call with an array of strings to parse, and optionally where the user arguments start by specifying where the arguments are `from`:
       * - `'node'`: default, `argv[0]` is the application and `argv[1]` is the script being run, with user arguments after that
       * - `'electron'`: `argv[0]` is the application and `argv[1]` varies depending on whether the electron application is packaged
       * - `'user'`: just user arguments
       *
       * @example
       * await program.parseAsync(); // parse process.argv and auto-detect electron and special node flags
       * await program.parseAsync(process.argv); // assume argv[0] is app and argv[1] is script
       * await program.parseAsync(my-args, { from: 'user' }); // just user supplied arguments, nothing special about argv[0]
       *
       * @param {string[]} [argv]
       * @param {object} [parseOptions]
       * @param {string} parseOptions.from - where the args are from: 'node', 'user', 'electron'
       * @return {Promise}
       */
      async parseAsync(argv, parseOptions) {
        this._prepareForParse();
        const userArgs = this._prepareUserArgs(argv, parseOptions);
        await this._parseCommand([], userArgs);
        return this;
      }
      _prepareForParse() {
        if (this._savedState === null) {
          this.saveStateBeforeParse();
        } else {
          this.restoreStateBeforeParse();
        }
      }
      /**
       * Called the first time parse is called to save state and allow a restore before subsequent calls to parse.
       * Not usually called directly, but available for subclasses to save their custom state.
       *
       * This is called in a lazy way. Only commands used in parsing chain will have state saved.
       */
      saveStateBeforeParse() {
        this._savedState = {
          // name is stable if supplied by author, but may be unspecified for root command and deduced during parsing
          _name: this._name,
          // option values before parse have default values (including false for negated options)
          // shallow clones
          _optionValues: { ...this._optionValues },
          _optionValueSources: { ...this._optionValueSources }
        };
      }
      /**
       * Restore state before parse for calls after the first.
       * Not usually called directly, but available for subclasses to save their custom state.
       *
       * This is called in a lazy way. Only commands used in parsing chain will have state restored.
       */
      restoreStateBeforeParse() {
        if (this._storeOptionsAsProperties)
          throw new Error(`Can not call parse again when storeOptionsAsProperties is true.
- either make a new Command for each call to parse, or stop storing options as properties`);
        this._name = this._savedState._name;
        this._scriptPath = null;
        this.rawArgs = [];
        this._optionValues = { ...this._savedState._optionValues };
        this._optionValueSources = { ...this._savedState._optionValueSources };
        this.args = [];
        this.processedArgs = [];
      }
      /**
       * Throw if expected executable is missing. Add lots of help for author.
       *
       * @param {string} executableFile
       * @param {string} executableDir
       * @param {string} subcommandName
       */
      _checkForMissingExecutable(executableFile, executableDir, subcommandName) {
        if (fs.existsSync(executableFile)) return;
        const executableDirMessage = executableDir ? `searched for local subcommand relative to directory '${executableDir}'` : "no directory for search for local subcommand, use .executableDir() to supply a custom directory";
        const executableMissing = `'${executableFile}' does not exist
 - if '${subcommandName}' is not meant to be an executable command, remove description parameter from '.command()' and use '.description()' instead
 - if the default executable name is not suitable, use the executableFile option to supply a custom name or path
 - ${executableDirMessage}`;
        throw new Error(executableMissing);
      }
      /**
       * Execute a sub-command executable.
       *
       * @private
       */
      _executeSubCommand(subcommand, args) {
        args = args.slice();
        let launchWithNode = false;
        const sourceExt = [".js", ".ts", ".tsx", ".mjs", ".cjs"];
        function findFile(baseDir, baseName) {
          const localBin = path.resolve(baseDir, baseName);
          if (fs.existsSync(localBin)) return localBin;
          if (sourceExt.includes(path.extname(baseName))) return void 0;
          const foundExt = sourceExt.find(
            (ext) => fs.existsSync(`${localBin}${ext}`)
          );
          if (foundExt) return `${localBin}${foundExt}`;
          return void 0;
        }
        this._checkForMissingMandatoryOptions();
        this._checkForConflictingOptions();
        let executableFile = subcommand._executableFile || `${this._name}-${subcommand._name}`;
        let executableDir = this._executableDir || "";
        if (this._scriptPath) {
          let resolvedScriptPath;
          try {
            resolvedScriptPath = fs.realpathSync(this._scriptPath);
          } catch {
            resolvedScriptPath = this._scriptPath;
          }
          executableDir = path.resolve(
            path.dirname(resolvedScriptPath),
            executableDir
          );
        }
        if (executableDir) {
          let localFile = findFile(executableDir, executableFile);
          if (!localFile && !subcommand._executableFile && this._scriptPath) {
            const legacyName = path.basename(
              this._scriptPath,
              path.extname(this._scriptPath)
            );
            if (legacyName !== this._name) {
              localFile = findFile(
                executableDir,
                `${legacyName}-${subcommand._name}`
              );
            }
          }
          executableFile = localFile || executableFile;
        }
        launchWithNode = sourceExt.includes(path.extname(executableFile));
        let proc;
        if (process2.platform !== "win32") {
          if (launchWithNode) {
            args.unshift(executableFile);
            args = incrementNodeInspectorPort(process2.execArgv).concat(args);
            proc = childProcess.spawn(process2.argv[0], args, { stdio: "inherit" });
          } else {
            proc = childProcess.spawn(executableFile, args, { stdio: "inherit" });
          }
        } else {
          this._checkForMissingExecutable(
            executableFile,
            executableDir,
            subcommand._name
          );
          args.unshift(executableFile);
          args = incrementNodeInspectorPort(process2.execArgv).concat(args);
          proc = childProcess.spawn(process2.execPath, args, { stdio: "inherit" });
        }
        if (!proc.killed) {
          const signals = ["SIGUSR1", "SIGUSR2", "SIGTERM", "SIGINT", "SIGHUP"];
          signals.forEach((signal) => {
            process2.on(signal, () => {
              if (proc.killed === false && proc.exitCode === null) {
                proc.kill(signal);
              }
            });
          });
        }
        const exitCallback = this._exitCallback;
        proc.on("close", (code) => {
          code = code ?? 1;
          if (!exitCallback) {
            process2.exit(code);
          } else {
            exitCallback(
              new CommanderError2(
                code,
                "commander.executeSubCommandAsync",
                "(close)"
              )
            );
          }
        });
        proc.on("error", (err) => {
          if (err.code === "ENOENT") {
            this._checkForMissingExecutable(
              executableFile,
              executableDir,
              subcommand._name
            );
          } else if (err.code === "EACCES") {
            throw new Error(`'${executableFile}' not executable`);
          }
          if (!exitCallback) {
            process2.exit(1);
          } else {
            const wrappedError = new CommanderError2(
              1,
              "commander.executeSubCommandAsync",
              "(error)"
            );
            wrappedError.nestedError = err;
            exitCallback(wrappedError);
          }
        });
        this.runningCommand = proc;
      }
      /**
       * @private
       */
      _dispatchSubcommand(commandName, operands, unknown) {
        const subCommand = this._findCommand(commandName);
        if (!subCommand) this.help({ error: true });
        subCommand._prepareForParse();
        let promiseChain;
        promiseChain = this._chainOrCallSubCommandHook(
          promiseChain,
          subCommand,
          "preSubcommand"
        );
        promiseChain = this._chainOrCall(promiseChain, () => {
          if (subCommand._executableHandler) {
            this._executeSubCommand(subCommand, operands.concat(unknown));
          } else {
            return subCommand._parseCommand(operands, unknown);
          }
        });
        return promiseChain;
      }
      /**
       * Invoke help directly if possible, or dispatch if necessary.
       * e.g. help foo
       *
       * @private
       */
      _dispatchHelpCommand(subcommandName) {
        if (!subcommandName) {
          this.help();
        }
        const subCommand = this._findCommand(subcommandName);
        if (subCommand && !subCommand._executableHandler) {
          subCommand.help();
        }
        return this._dispatchSubcommand(
          subcommandName,
          [],
          [this._getHelpOption()?.long ?? this._getHelpOption()?.short ?? "--help"]
        );
      }
      /**
       * Check this.args against expected this.registeredArguments.
       *
       * @private
       */
      _checkNumberOfArguments() {
        this.registeredArguments.forEach((arg, i) => {
          if (arg.required && this.args[i] == null) {
            this.missingArgument(arg.name());
          }
        });
        if (this.registeredArguments.length > 0 && this.registeredArguments[this.registeredArguments.length - 1].variadic) {
          return;
        }
        if (this.args.length > this.registeredArguments.length) {
          this._excessArguments(this.args);
        }
      }
      /**
       * Process this.args using this.registeredArguments and save as this.processedArgs!
       *
       * @private
       */
      _processArguments() {
        const myParseArg = (argument, value, previous) => {
          let parsedValue = value;
          if (value !== null && argument.parseArg) {
            const invalidValueMessage = `error: command-argument value '${value}' is invalid for argument '${argument.name()}'.`;
            parsedValue = this._callParseArg(
              argument,
              value,
              previous,
              invalidValueMessage
            );
          }
          return parsedValue;
        };
        this._checkNumberOfArguments();
        const processedArgs = [];
        this.registeredArguments.forEach((declaredArg, index) => {
          let value = declaredArg.defaultValue;
          if (declaredArg.variadic) {
            if (index < this.args.length) {
              value = this.args.slice(index);
              if (declaredArg.parseArg) {
                value = value.reduce((processed, v) => {
                  return myParseArg(declaredArg, v, processed);
                }, declaredArg.defaultValue);
              }
            } else if (value === void 0) {
              value = [];
            }
          } else if (index < this.args.length) {
            value = this.args[index];
            if (declaredArg.parseArg) {
              value = myParseArg(declaredArg, value, declaredArg.defaultValue);
            }
          }
          processedArgs[index] = value;
        });
        this.processedArgs = processedArgs;
      }
      /**
       * Once we have a promise we chain, but call synchronously until then.
       *
       * @param {(Promise|undefined)} promise
       * @param {Function} fn
       * @return {(Promise|undefined)}
       * @private
       */
      _chainOrCall(promise, fn) {
        if (promise?.then && typeof promise.then === "function") {
          return promise.then(() => fn());
        }
        return fn();
      }
      /**
       *
       * @param {(Promise|undefined)} promise
       * @param {string} event
       * @return {(Promise|undefined)}
       * @private
       */
      _chainOrCallHooks(promise, event) {
        let result = promise;
        const hooks = [];
        this._getCommandAndAncestors().reverse().filter((cmd) => cmd._lifeCycleHooks[event] !== void 0).forEach((hookedCommand) => {
          hookedCommand._lifeCycleHooks[event].forEach((callback) => {
            hooks.push({ hookedCommand, callback });
          });
        });
        if (event === "postAction") {
          hooks.reverse();
        }
        hooks.forEach((hookDetail) => {
          result = this._chainOrCall(result, () => {
            return hookDetail.callback(hookDetail.hookedCommand, this);
          });
        });
        return result;
      }
      /**
       *
       * @param {(Promise|undefined)} promise
       * @param {Command} subCommand
       * @param {string} event
       * @return {(Promise|undefined)}
       * @private
       */
      _chainOrCallSubCommandHook(promise, subCommand, event) {
        let result = promise;
        if (this._lifeCycleHooks[event] !== void 0) {
          this._lifeCycleHooks[event].forEach((hook) => {
            result = this._chainOrCall(result, () => {
              return hook(this, subCommand);
            });
          });
        }
        return result;
      }
      /**
       * Process arguments in context of this command.
       * Returns action result, in case it is a promise.
       *
       * @private
       */
      _parseCommand(operands, unknown) {
        const parsed = this.parseOptions(unknown);
        this._parseOptionsEnv();
        this._parseOptionsImplied();
        operands = operands.concat(parsed.operands);
        unknown = parsed.unknown;
        this.args = operands.concat(unknown);
        if (operands && this._findCommand(operands[0])) {
          return this._dispatchSubcommand(operands[0], operands.slice(1), unknown);
        }
        if (this._getHelpCommand() && operands[0] === this._getHelpCommand().name()) {
          return this._dispatchHelpCommand(operands[1]);
        }
        if (this._defaultCommandName) {
          this._outputHelpIfRequested(unknown);
          return this._dispatchSubcommand(
            this._defaultCommandName,
            operands,
            unknown
          );
        }
        if (this.commands.length && this.args.length === 0 && !this._actionHandler && !this._defaultCommandName) {
          this.help({ error: true });
        }
        this._outputHelpIfRequested(parsed.unknown);
        this._checkForMissingMandatoryOptions();
        this._checkForConflictingOptions();
        const checkForUnknownOptions = () => {
          if (parsed.unknown.length > 0) {
            this.unknownOption(parsed.unknown[0]);
          }
        };
        const commandEvent = `command:${this.name()}`;
        if (this._actionHandler) {
          checkForUnknownOptions();
          this._processArguments();
          let promiseChain;
          promiseChain = this._chainOrCallHooks(promiseChain, "preAction");
          promiseChain = this._chainOrCall(
            promiseChain,
            () => this._actionHandler(this.processedArgs)
          );
          if (this.parent) {
            promiseChain = this._chainOrCall(promiseChain, () => {
              this.parent.emit(commandEvent, operands, unknown);
            });
          }
          promiseChain = this._chainOrCallHooks(promiseChain, "postAction");
          return promiseChain;
        }
        if (this.parent?.listenerCount(commandEvent)) {
          checkForUnknownOptions();
          this._processArguments();
          this.parent.emit(commandEvent, operands, unknown);
        } else if (operands.length) {
          if (this._findCommand("*")) {
            return this._dispatchSubcommand("*", operands, unknown);
          }
          if (this.listenerCount("command:*")) {
            this.emit("command:*", operands, unknown);
          } else if (this.commands.length) {
            this.unknownCommand();
          } else {
            checkForUnknownOptions();
            this._processArguments();
          }
        } else if (this.commands.length) {
          checkForUnknownOptions();
          this.help({ error: true });
        } else {
          checkForUnknownOptions();
          this._processArguments();
        }
      }
      /**
       * Find matching command.
       *
       * @private
       * @return {Command | undefined}
       */
      _findCommand(name) {
        if (!name) return void 0;
        return this.commands.find(
          (cmd) => cmd._name === name || cmd._aliases.includes(name)
        );
      }
      /**
       * Return an option matching `arg` if any.
       *
       * @param {string} arg
       * @return {Option}
       * @package
       */
      _findOption(arg) {
        return this.options.find((option) => option.is(arg));
      }
      /**
       * Display an error message if a mandatory option does not have a value.
       * Called after checking for help flags in leaf subcommand.
       *
       * @private
       */
      _checkForMissingMandatoryOptions() {
        this._getCommandAndAncestors().forEach((cmd) => {
          cmd.options.forEach((anOption) => {
            if (anOption.mandatory && cmd.getOptionValue(anOption.attributeName()) === void 0) {
              cmd.missingMandatoryOptionValue(anOption);
            }
          });
        });
      }
      /**
       * Display an error message if conflicting options are used together in this.
       *
       * @private
       */
      _checkForConflictingLocalOptions() {
        const definedNonDefaultOptions = this.options.filter((option) => {
          const optionKey = option.attributeName();
          if (this.getOptionValue(optionKey) === void 0) {
            return false;
          }
          return this.getOptionValueSource(optionKey) !== "default";
        });
        const optionsWithConflicting = definedNonDefaultOptions.filter(
          (option) => option.conflictsWith.length > 0
        );
        optionsWithConflicting.forEach((option) => {
          const conflictingAndDefined = definedNonDefaultOptions.find(
            (defined) => option.conflictsWith.includes(defined.attributeName())
          );
          if (conflictingAndDefined) {
            this._conflictingOption(option, conflictingAndDefined);
          }
        });
      }
      /**
       * Display an error message if conflicting options are used together.
       * Called after checking for help flags in leaf subcommand.
       *
       * @private
       */
      _checkForConflictingOptions() {
        this._getCommandAndAncestors().forEach((cmd) => {
          cmd._checkForConflictingLocalOptions();
        });
      }
      /**
       * Parse options from `argv` removing known options,
       * and return argv split into operands and unknown arguments.
       *
       * Side effects: modifies command by storing options. Does not reset state if called again.
       *
       * Examples:
       *
       *     argv => operands, unknown
       *     --known kkk op => [op], []
       *     op --known kkk => [op], []
       *     sub --unknown uuu op => [sub], [--unknown uuu op]
       *     sub -- --unknown uuu op => [sub --unknown uuu op], []
       *
       * @param {string[]} args
       * @return {{operands: string[], unknown: string[]}}
       */
      parseOptions(args) {
        const operands = [];
        const unknown = [];
        let dest = operands;
        function maybeOption(arg) {
          return arg.length > 1 && arg[0] === "-";
        }
        const negativeNumberArg = (arg) => {
          if (!/^-(\d+|\d*\.\d+)(e[+-]?\d+)?$/.test(arg)) return false;
          return !this._getCommandAndAncestors().some(
            (cmd) => cmd.options.map((opt) => opt.short).some((short) => /^-\d$/.test(short))
          );
        };
        let activeVariadicOption = null;
        let activeGroup = null;
        let i = 0;
        while (i < args.length || activeGroup) {
          const arg = activeGroup ?? args[i++];
          activeGroup = null;
          if (arg === "--") {
            if (dest === unknown) dest.push(arg);
            dest.push(...args.slice(i));
            break;
          }
          if (activeVariadicOption && (!maybeOption(arg) || negativeNumberArg(arg))) {
            this.emit(`option:${activeVariadicOption.name()}`, arg);
            continue;
          }
          activeVariadicOption = null;
          if (maybeOption(arg)) {
            const option = this._findOption(arg);
            if (option) {
              if (option.required) {
                const value = args[i++];
                if (value === void 0) this.optionMissingArgument(option);
                this.emit(`option:${option.name()}`, value);
              } else if (option.optional) {
                let value = null;
                if (i < args.length && (!maybeOption(args[i]) || negativeNumberArg(args[i]))) {
                  value = args[i++];
                }
                this.emit(`option:${option.name()}`, value);
              } else {
                this.emit(`option:${option.name()}`);
              }
              activeVariadicOption = option.variadic ? option : null;
              continue;
            }
          }
          if (arg.length > 2 && arg[0] === "-" && arg[1] !== "-") {
            const option = this._findOption(`-${arg[1]}`);
            if (option) {
              if (option.required || option.optional && this._combineFlagAndOptionalValue) {
                this.emit(`option:${option.name()}`, arg.slice(2));
              } else {
                this.emit(`option:${option.name()}`);
                activeGroup = `-${arg.slice(2)}`;
              }
              continue;
            }
          }
          if (/^--[^=]+=/.test(arg)) {
            const index = arg.indexOf("=");
            const option = this._findOption(arg.slice(0, index));
            if (option && (option.required || option.optional)) {
              this.emit(`option:${option.name()}`, arg.slice(index + 1));
              continue;
            }
          }
          if (dest === operands && maybeOption(arg) && !(this.commands.length === 0 && negativeNumberArg(arg))) {
            dest = unknown;
          }
          if ((this._enablePositionalOptions || this._passThroughOptions) && operands.length === 0 && unknown.length === 0) {
            if (this._findCommand(arg)) {
              operands.push(arg);
              unknown.push(...args.slice(i));
              break;
            } else if (this._getHelpCommand() && arg === this._getHelpCommand().name()) {
              operands.push(arg, ...args.slice(i));
              break;
            } else if (this._defaultCommandName) {
              unknown.push(arg, ...args.slice(i));
              break;
            }
          }
          if (this._passThroughOptions) {
            dest.push(arg, ...args.slice(i));
            break;
          }
          dest.push(arg);
        }
        return { operands, unknown };
      }
      /**
       * Return an object containing local option values as key-value pairs.
       *
       * @return {object}
       */
      opts() {
        if (this._storeOptionsAsProperties) {
          const result = {};
          const len = this.options.length;
          for (let i = 0; i < len; i++) {
            const key = this.options[i].attributeName();
            result[key] = key === this._versionOptionName ? this._version : this[key];
          }
          return result;
        }
        return this._optionValues;
      }
      /**
       * Return an object containing merged local and global option values as key-value pairs.
       *
       * @return {object}
       */
      optsWithGlobals() {
        return this._getCommandAndAncestors().reduce(
          (combinedOptions, cmd) => Object.assign(combinedOptions, cmd.opts()),
          {}
        );
      }
      /**
       * Display error message and exit (or call exitOverride).
       *
       * @param {string} message
       * @param {object} [errorOptions]
       * @param {string} [errorOptions.code] - an id string representing the error
       * @param {number} [errorOptions.exitCode] - used with process.exit
       */
      error(message2, errorOptions) {
        this._outputConfiguration.outputError(
          `${message2}
`,
          this._outputConfiguration.writeErr
        );
        if (typeof this._showHelpAfterError === "string") {
          this._outputConfiguration.writeErr(`${this._showHelpAfterError}
`);
        } else if (this._showHelpAfterError) {
          this._outputConfiguration.writeErr("\n");
          this.outputHelp({ error: true });
        }
        const config = errorOptions || {};
        const exitCode = config.exitCode || 1;
        const code = config.code || "commander.error";
        this._exit(exitCode, code, message2);
      }
      /**
       * Apply any option related environment variables, if option does
       * not have a value from cli or client code.
       *
       * @private
       */
      _parseOptionsEnv() {
        this.options.forEach((option) => {
          if (option.envVar && option.envVar in process2.env) {
            const optionKey = option.attributeName();
            if (this.getOptionValue(optionKey) === void 0 || ["default", "config", "env"].includes(
              this.getOptionValueSource(optionKey)
            )) {
              if (option.required || option.optional) {
                this.emit(`optionEnv:${option.name()}`, process2.env[option.envVar]);
              } else {
                this.emit(`optionEnv:${option.name()}`);
              }
            }
          }
        });
      }
      /**
       * Apply any implied option values, if option is undefined or default value.
       *
       * @private
       */
      _parseOptionsImplied() {
        const dualHelper = new DualOptions(this.options);
        const hasCustomOptionValue = (optionKey) => {
          return this.getOptionValue(optionKey) !== void 0 && !["default", "implied"].includes(this.getOptionValueSource(optionKey));
        };
        this.options.filter(
          (option) => option.implied !== void 0 && hasCustomOptionValue(option.attributeName()) && dualHelper.valueFromOption(
            this.getOptionValue(option.attributeName()),
            option
          )
        ).forEach((option) => {
          Object.keys(option.implied).filter((impliedKey) => !hasCustomOptionValue(impliedKey)).forEach((impliedKey) => {
            this.setOptionValueWithSource(
              impliedKey,
              option.implied[impliedKey],
              "implied"
            );
          });
        });
      }
      /**
       * Argument `name` is missing.
       *
       * @param {string} name
       * @private
       */
      missingArgument(name) {
        const message2 = `error: missing required argument '${name}'`;
        this.error(message2, { code: "commander.missingArgument" });
      }
      /**
       * `Option` is missing an argument.
       *
       * @param {Option} option
       * @private
       */
      optionMissingArgument(option) {
        const message2 = `error: option '${option.flags}' argument missing`;
        this.error(message2, { code: "commander.optionMissingArgument" });
      }
      /**
       * `Option` does not have a value, and is a mandatory option.
       *
       * @param {Option} option
       * @private
       */
      missingMandatoryOptionValue(option) {
        const message2 = `error: required option '${option.flags}' not specified`;
        this.error(message2, { code: "commander.missingMandatoryOptionValue" });
      }
      /**
       * `Option` conflicts with another option.
       *
       * @param {Option} option
       * @param {Option} conflictingOption
       * @private
       */
      _conflictingOption(option, conflictingOption) {
        const findBestOptionFromValue = (option2) => {
          const optionKey = option2.attributeName();
          const optionValue = this.getOptionValue(optionKey);
          const negativeOption = this.options.find(
            (target) => target.negate && optionKey === target.attributeName()
          );
          const positiveOption = this.options.find(
            (target) => !target.negate && optionKey === target.attributeName()
          );
          if (negativeOption && (negativeOption.presetArg === void 0 && optionValue === false || negativeOption.presetArg !== void 0 && optionValue === negativeOption.presetArg)) {
            return negativeOption;
          }
          return positiveOption || option2;
        };
        const getErrorMessage = (option2) => {
          const bestOption = findBestOptionFromValue(option2);
          const optionKey = bestOption.attributeName();
          const source = this.getOptionValueSource(optionKey);
          if (source === "env") {
            return `environment variable '${bestOption.envVar}'`;
          }
          return `option '${bestOption.flags}'`;
        };
        const message2 = `error: ${getErrorMessage(option)} cannot be used with ${getErrorMessage(conflictingOption)}`;
        this.error(message2, { code: "commander.conflictingOption" });
      }
      /**
       * Unknown option `flag`.
       *
       * @param {string} flag
       * @private
       */
      unknownOption(flag2) {
        if (this._allowUnknownOption) return;
        let suggestion = "";
        if (flag2.startsWith("--") && this._showSuggestionAfterError) {
          let candidateFlags = [];
          let command = this;
          do {
            const moreFlags = command.createHelp().visibleOptions(command).filter((option) => option.long).map((option) => option.long);
            candidateFlags = candidateFlags.concat(moreFlags);
            command = command.parent;
          } while (command && !command._enablePositionalOptions);
          suggestion = suggestSimilar(flag2, candidateFlags);
        }
        const message2 = `error: unknown option '${flag2}'${suggestion}`;
        this.error(message2, { code: "commander.unknownOption" });
      }
      /**
       * Excess arguments, more than expected.
       *
       * @param {string[]} receivedArgs
       * @private
       */
      _excessArguments(receivedArgs) {
        if (this._allowExcessArguments) return;
        const expected = this.registeredArguments.length;
        const s = expected === 1 ? "" : "s";
        const forSubcommand = this.parent ? ` for '${this.name()}'` : "";
        const message2 = `error: too many arguments${forSubcommand}. Expected ${expected} argument${s} but got ${receivedArgs.length}.`;
        this.error(message2, { code: "commander.excessArguments" });
      }
      /**
       * Unknown command.
       *
       * @private
       */
      unknownCommand() {
        const unknownName = this.args[0];
        let suggestion = "";
        if (this._showSuggestionAfterError) {
          const candidateNames = [];
          this.createHelp().visibleCommands(this).forEach((command) => {
            candidateNames.push(command.name());
            if (command.alias()) candidateNames.push(command.alias());
          });
          suggestion = suggestSimilar(unknownName, candidateNames);
        }
        const message2 = `error: unknown command '${unknownName}'${suggestion}`;
        this.error(message2, { code: "commander.unknownCommand" });
      }
      /**
       * Get or set the program version.
       *
       * This method auto-registers the "-V, --version" option which will print the version number.
       *
       * You can optionally supply the flags and description to override the defaults.
       *
       * @param {string} [str]
       * @param {string} [flags]
       * @param {string} [description]
       * @return {(this | string | undefined)} `this` command for chaining, or version string if no arguments
       */
      version(str, flags, description) {
        if (str === void 0) return this._version;
        this._version = str;
        flags = flags || "-V, --version";
        description = description || "output the version number";
        const versionOption = this.createOption(flags, description);
        this._versionOptionName = versionOption.attributeName();
        this._registerOption(versionOption);
        this.on("option:" + versionOption.name(), () => {
          this._outputConfiguration.writeOut(`${str}
`);
          this._exit(0, "commander.version", str);
        });
        return this;
      }
      /**
       * Set the description.
       *
       * @param {string} [str]
       * @param {object} [argsDescription]
       * @return {(string|Command)}
       */
      description(str, argsDescription) {
        if (str === void 0 && argsDescription === void 0)
          return this._description;
        this._description = str;
        if (argsDescription) {
          this._argsDescription = argsDescription;
        }
        return this;
      }
      /**
       * Set the summary. Used when listed as subcommand of parent.
       *
       * @param {string} [str]
       * @return {(string|Command)}
       */
      summary(str) {
        if (str === void 0) return this._summary;
        this._summary = str;
        return this;
      }
      /**
       * Set an alias for the command.
       *
       * You may call more than once to add multiple aliases. Only the first alias is shown in the auto-generated help.
       *
       * @param {string} [alias]
       * @return {(string|Command)}
       */
      alias(alias) {
        if (alias === void 0) return this._aliases[0];
        let command = this;
        if (this.commands.length !== 0 && this.commands[this.commands.length - 1]._executableHandler) {
          command = this.commands[this.commands.length - 1];
        }
        if (alias === command._name)
          throw new Error("Command alias can't be the same as its name");
        const matchingCommand = this.parent?._findCommand(alias);
        if (matchingCommand) {
          const existingCmd = [matchingCommand.name()].concat(matchingCommand.aliases()).join("|");
          throw new Error(
            `cannot add alias '${alias}' to command '${this.name()}' as already have command '${existingCmd}'`
          );
        }
        command._aliases.push(alias);
        return this;
      }
      /**
       * Set aliases for the command.
       *
       * Only the first alias is shown in the auto-generated help.
       *
       * @param {string[]} [aliases]
       * @return {(string[]|Command)}
       */
      aliases(aliases) {
        if (aliases === void 0) return this._aliases;
        aliases.forEach((alias) => this.alias(alias));
        return this;
      }
      /**
       * Set / get the command usage `str`.
       *
       * @param {string} [str]
       * @return {(string|Command)}
       */
      usage(str) {
        if (str === void 0) {
          if (this._usage) return this._usage;
          const args = this.registeredArguments.map((arg) => {
            return humanReadableArgName(arg);
          });
          return [].concat(
            this.options.length || this._helpOption !== null ? "[options]" : [],
            this.commands.length ? "[command]" : [],
            this.registeredArguments.length ? args : []
          ).join(" ");
        }
        this._usage = str;
        return this;
      }
      /**
       * Get or set the name of the command.
       *
       * @param {string} [str]
       * @return {(string|Command)}
       */
      name(str) {
        if (str === void 0) return this._name;
        this._name = str;
        return this;
      }
      /**
       * Set/get the help group heading for this subcommand in parent command's help.
       *
       * @param {string} [heading]
       * @return {Command | string}
       */
      helpGroup(heading) {
        if (heading === void 0) return this._helpGroupHeading ?? "";
        this._helpGroupHeading = heading;
        return this;
      }
      /**
       * Set/get the default help group heading for subcommands added to this command.
       * (This does not override a group set directly on the subcommand using .helpGroup().)
       *
       * @example
       * program.commandsGroup('Development Commands:);
       * program.command('watch')...
       * program.command('lint')...
       * ...
       *
       * @param {string} [heading]
       * @returns {Command | string}
       */
      commandsGroup(heading) {
        if (heading === void 0) return this._defaultCommandGroup ?? "";
        this._defaultCommandGroup = heading;
        return this;
      }
      /**
       * Set/get the default help group heading for options added to this command.
       * (This does not override a group set directly on the option using .helpGroup().)
       *
       * @example
       * program
       *   .optionsGroup('Development Options:')
       *   .option('-d, --debug', 'output extra debugging')
       *   .option('-p, --profile', 'output profiling information')
       *
       * @param {string} [heading]
       * @returns {Command | string}
       */
      optionsGroup(heading) {
        if (heading === void 0) return this._defaultOptionGroup ?? "";
        this._defaultOptionGroup = heading;
        return this;
      }
      /**
       * @param {Option} option
       * @private
       */
      _initOptionGroup(option) {
        if (this._defaultOptionGroup && !option.helpGroupHeading)
          option.helpGroup(this._defaultOptionGroup);
      }
      /**
       * @param {Command} cmd
       * @private
       */
      _initCommandGroup(cmd) {
        if (this._defaultCommandGroup && !cmd.helpGroup())
          cmd.helpGroup(this._defaultCommandGroup);
      }
      /**
       * Set the name of the command from script filename, such as process.argv[1],
       * or require.main.filename, or __filename.
       *
       * (Used internally and public although not documented in README.)
       *
       * @example
       * program.nameFromFilename(require.main.filename);
       *
       * @param {string} filename
       * @return {Command}
       */
      nameFromFilename(filename) {
        this._name = path.basename(filename, path.extname(filename));
        return this;
      }
      /**
       * Get or set the directory for searching for executable subcommands of this command.
       *
       * @example
       * program.executableDir(__dirname);
       * // or
       * program.executableDir('subcommands');
       *
       * @param {string} [path]
       * @return {(string|null|Command)}
       */
      executableDir(path2) {
        if (path2 === void 0) return this._executableDir;
        this._executableDir = path2;
        return this;
      }
      /**
       * Return program help documentation.
       *
       * @param {{ error: boolean }} [contextOptions] - pass {error:true} to wrap for stderr instead of stdout
       * @return {string}
       */
      helpInformation(contextOptions) {
        const helper = this.createHelp();
        const context = this._getOutputContext(contextOptions);
        helper.prepareContext({
          error: context.error,
          helpWidth: context.helpWidth,
          outputHasColors: context.hasColors
        });
        const text2 = helper.formatHelp(this, helper);
        if (context.hasColors) return text2;
        return this._outputConfiguration.stripColor(text2);
      }
      /**
       * @typedef HelpContext
       * @type {object}
       * @property {boolean} error
       * @property {number} helpWidth
       * @property {boolean} hasColors
       * @property {function} write - includes stripColor if needed
       *
       * @returns {HelpContext}
       * @private
       */
      _getOutputContext(contextOptions) {
        contextOptions = contextOptions || {};
        const error = !!contextOptions.error;
        let baseWrite;
        let hasColors;
        let helpWidth;
        if (error) {
          baseWrite = (str) => this._outputConfiguration.writeErr(str);
          hasColors = this._outputConfiguration.getErrHasColors();
          helpWidth = this._outputConfiguration.getErrHelpWidth();
        } else {
          baseWrite = (str) => this._outputConfiguration.writeOut(str);
          hasColors = this._outputConfiguration.getOutHasColors();
          helpWidth = this._outputConfiguration.getOutHelpWidth();
        }
        const write2 = (str) => {
          if (!hasColors) str = this._outputConfiguration.stripColor(str);
          return baseWrite(str);
        };
        return { error, write: write2, hasColors, helpWidth };
      }
      /**
       * Output help information for this command.
       *
       * Outputs built-in help, and custom text added using `.addHelpText()`.
       *
       * @param {{ error: boolean } | Function} [contextOptions] - pass {error:true} to write to stderr instead of stdout
       */
      outputHelp(contextOptions) {
        let deprecatedCallback;
        if (typeof contextOptions === "function") {
          deprecatedCallback = contextOptions;
          contextOptions = void 0;
        }
        const outputContext = this._getOutputContext(contextOptions);
        const eventContext = {
          error: outputContext.error,
          write: outputContext.write,
          command: this
        };
        this._getCommandAndAncestors().reverse().forEach((command) => command.emit("beforeAllHelp", eventContext));
        this.emit("beforeHelp", eventContext);
        let helpInformation = this.helpInformation({ error: outputContext.error });
        if (deprecatedCallback) {
          helpInformation = deprecatedCallback(helpInformation);
          if (typeof helpInformation !== "string" && !Buffer.isBuffer(helpInformation)) {
            throw new Error("outputHelp callback must return a string or a Buffer");
          }
        }
        outputContext.write(helpInformation);
        if (this._getHelpOption()?.long) {
          this.emit(this._getHelpOption().long);
        }
        this.emit("afterHelp", eventContext);
        this._getCommandAndAncestors().forEach(
          (command) => command.emit("afterAllHelp", eventContext)
        );
      }
      /**
       * You can pass in flags and a description to customise the built-in help option.
       * Pass in false to disable the built-in help option.
       *
       * @example
       * program.helpOption('-?, --help' 'show help'); // customise
       * program.helpOption(false); // disable
       *
       * @param {(string | boolean)} flags
       * @param {string} [description]
       * @return {Command} `this` command for chaining
       */
      helpOption(flags, description) {
        if (typeof flags === "boolean") {
          if (flags) {
            if (this._helpOption === null) this._helpOption = void 0;
            if (this._defaultOptionGroup) {
              this._initOptionGroup(this._getHelpOption());
            }
          } else {
            this._helpOption = null;
          }
          return this;
        }
        this._helpOption = this.createOption(
          flags ?? "-h, --help",
          description ?? "display help for command"
        );
        if (flags || description) this._initOptionGroup(this._helpOption);
        return this;
      }
      /**
       * Lazy create help option.
       * Returns null if has been disabled with .helpOption(false).
       *
       * @returns {(Option | null)} the help option
       * @package
       */
      _getHelpOption() {
        if (this._helpOption === void 0) {
          this.helpOption(void 0, void 0);
        }
        return this._helpOption;
      }
      /**
       * Supply your own option to use for the built-in help option.
       * This is an alternative to using helpOption() to customise the flags and description etc.
       *
       * @param {Option} option
       * @return {Command} `this` command for chaining
       */
      addHelpOption(option) {
        this._helpOption = option;
        this._initOptionGroup(option);
        return this;
      }
      /**
       * Output help information and exit.
       *
       * Outputs built-in help, and custom text added using `.addHelpText()`.
       *
       * @param {{ error: boolean }} [contextOptions] - pass {error:true} to write to stderr instead of stdout
       */
      help(contextOptions) {
        this.outputHelp(contextOptions);
        let exitCode = Number(process2.exitCode ?? 0);
        if (exitCode === 0 && contextOptions && typeof contextOptions !== "function" && contextOptions.error) {
          exitCode = 1;
        }
        this._exit(exitCode, "commander.help", "(outputHelp)");
      }
      /**
       * // Do a little typing to coordinate emit and listener for the help text events.
       * @typedef HelpTextEventContext
       * @type {object}
       * @property {boolean} error
       * @property {Command} command
       * @property {function} write
       */
      /**
       * Add additional text to be displayed with the built-in help.
       *
       * Position is 'before' or 'after' to affect just this command,
       * and 'beforeAll' or 'afterAll' to affect this command and all its subcommands.
       *
       * @param {string} position - before or after built-in help
       * @param {(string | Function)} text - string to add, or a function returning a string
       * @return {Command} `this` command for chaining
       */
      addHelpText(position, text2) {
        const allowedValues = ["beforeAll", "before", "after", "afterAll"];
        if (!allowedValues.includes(position)) {
          throw new Error(`Unexpected value for position to addHelpText.
Expecting one of '${allowedValues.join("', '")}'`);
        }
        const helpEvent = `${position}Help`;
        this.on(helpEvent, (context) => {
          let helpStr;
          if (typeof text2 === "function") {
            helpStr = text2({ error: context.error, command: context.command });
          } else {
            helpStr = text2;
          }
          if (helpStr) {
            context.write(`${helpStr}
`);
          }
        });
        return this;
      }
      /**
       * Output help information if help flags specified
       *
       * @param {Array} args - array of options to search for help flags
       * @private
       */
      _outputHelpIfRequested(args) {
        const helpOption = this._getHelpOption();
        const helpRequested = helpOption && args.find((arg) => helpOption.is(arg));
        if (helpRequested) {
          this.outputHelp();
          this._exit(0, "commander.helpDisplayed", "(outputHelp)");
        }
      }
    };
    function incrementNodeInspectorPort(args) {
      return args.map((arg) => {
        if (!arg.startsWith("--inspect")) {
          return arg;
        }
        let debugOption;
        let debugHost = "127.0.0.1";
        let debugPort = "9229";
        let match;
        if ((match = arg.match(/^(--inspect(-brk)?)$/)) !== null) {
          debugOption = match[1];
        } else if ((match = arg.match(/^(--inspect(-brk|-port)?)=([^:]+)$/)) !== null) {
          debugOption = match[1];
          if (/^\d+$/.test(match[3])) {
            debugPort = match[3];
          } else {
            debugHost = match[3];
          }
        } else if ((match = arg.match(/^(--inspect(-brk|-port)?)=([^:]+):(\d+)$/)) !== null) {
          debugOption = match[1];
          debugHost = match[3];
          debugPort = match[4];
        }
        if (debugOption && debugPort !== "0") {
          return `${debugOption}=${debugHost}:${parseInt(debugPort) + 1}`;
        }
        return arg;
      });
    }
    function useColor() {
      if (process2.env.NO_COLOR || process2.env.FORCE_COLOR === "0" || process2.env.FORCE_COLOR === "false")
        return false;
      if (process2.env.FORCE_COLOR || process2.env.CLICOLOR_FORCE !== void 0)
        return true;
      return void 0;
    }
    exports.Command = Command2;
    exports.useColor = useColor;
  }
});

// node_modules/commander/index.js
var require_commander = __commonJS({
  "node_modules/commander/index.js"(exports) {
    var { Argument: Argument2 } = require_argument();
    var { Command: Command2 } = require_command();
    var { CommanderError: CommanderError2, InvalidArgumentError: InvalidArgumentError2 } = require_error();
    var { Help: Help2 } = require_help();
    var { Option: Option2 } = require_option();
    exports.program = new Command2();
    exports.createCommand = (name) => new Command2(name);
    exports.createOption = (flags, description) => new Option2(flags, description);
    exports.createArgument = (name, description) => new Argument2(name, description);
    exports.Command = Command2;
    exports.Option = Option2;
    exports.Argument = Argument2;
    exports.Help = Help2;
    exports.CommanderError = CommanderError2;
    exports.InvalidArgumentError = InvalidArgumentError2;
    exports.InvalidOptionArgumentError = InvalidArgumentError2;
  }
});

// node_modules/yaml/dist/nodes/identity.js
var require_identity = __commonJS({
  "node_modules/yaml/dist/nodes/identity.js"(exports) {
    "use strict";
    var ALIAS = /* @__PURE__ */ Symbol.for("yaml.alias");
    var DOC = /* @__PURE__ */ Symbol.for("yaml.document");
    var MAP = /* @__PURE__ */ Symbol.for("yaml.map");
    var PAIR = /* @__PURE__ */ Symbol.for("yaml.pair");
    var SCALAR = /* @__PURE__ */ Symbol.for("yaml.scalar");
    var SEQ = /* @__PURE__ */ Symbol.for("yaml.seq");
    var NODE_TYPE = /* @__PURE__ */ Symbol.for("yaml.node.type");
    var isAlias = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === ALIAS;
    var isDocument = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === DOC;
    var isMap = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === MAP;
    var isPair = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === PAIR;
    var isScalar = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SCALAR;
    var isSeq = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SEQ;
    function isCollection(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case MAP:
          case SEQ:
            return true;
        }
      return false;
    }
    function isNode(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case ALIAS:
          case MAP:
          case SCALAR:
          case SEQ:
            return true;
        }
      return false;
    }
    var hasAnchor = (node) => (isScalar(node) || isCollection(node)) && !!node.anchor;
    exports.ALIAS = ALIAS;
    exports.DOC = DOC;
    exports.MAP = MAP;
    exports.NODE_TYPE = NODE_TYPE;
    exports.PAIR = PAIR;
    exports.SCALAR = SCALAR;
    exports.SEQ = SEQ;
    exports.hasAnchor = hasAnchor;
    exports.isAlias = isAlias;
    exports.isCollection = isCollection;
    exports.isDocument = isDocument;
    exports.isMap = isMap;
    exports.isNode = isNode;
    exports.isPair = isPair;
    exports.isScalar = isScalar;
    exports.isSeq = isSeq;
  }
});

// node_modules/yaml/dist/visit.js
var require_visit = __commonJS({
  "node_modules/yaml/dist/visit.js"(exports) {
    "use strict";
    var identity = require_identity();
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove node");
    function visit(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        visit_(null, node, visitor_, Object.freeze([]));
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    function visit_(key, node, visitor, path) {
      const ctrl = callVisitor(key, node, visitor, path);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visit_(key, ctrl, visitor, path);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path = Object.freeze(path.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = visit_(i, node.items[i], visitor, path);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path = Object.freeze(path.concat(node));
          const ck = visit_("key", node.key, visitor, path);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = visit_("value", node.value, visitor, path);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    async function visitAsync(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        await visitAsync_(null, node, visitor_, Object.freeze([]));
    }
    visitAsync.BREAK = BREAK;
    visitAsync.SKIP = SKIP;
    visitAsync.REMOVE = REMOVE;
    async function visitAsync_(key, node, visitor, path) {
      const ctrl = await callVisitor(key, node, visitor, path);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visitAsync_(key, ctrl, visitor, path);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path = Object.freeze(path.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = await visitAsync_(i, node.items[i], visitor, path);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path = Object.freeze(path.concat(node));
          const ck = await visitAsync_("key", node.key, visitor, path);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = await visitAsync_("value", node.value, visitor, path);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    function initVisitor(visitor) {
      if (typeof visitor === "object" && (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
          Alias: visitor.Node,
          Map: visitor.Node,
          Scalar: visitor.Node,
          Seq: visitor.Node
        }, visitor.Value && {
          Map: visitor.Value,
          Scalar: visitor.Value,
          Seq: visitor.Value
        }, visitor.Collection && {
          Map: visitor.Collection,
          Seq: visitor.Collection
        }, visitor);
      }
      return visitor;
    }
    function callVisitor(key, node, visitor, path) {
      if (typeof visitor === "function")
        return visitor(key, node, path);
      if (identity.isMap(node))
        return visitor.Map?.(key, node, path);
      if (identity.isSeq(node))
        return visitor.Seq?.(key, node, path);
      if (identity.isPair(node))
        return visitor.Pair?.(key, node, path);
      if (identity.isScalar(node))
        return visitor.Scalar?.(key, node, path);
      if (identity.isAlias(node))
        return visitor.Alias?.(key, node, path);
      return void 0;
    }
    function replaceNode(key, path, node) {
      const parent = path[path.length - 1];
      if (identity.isCollection(parent)) {
        parent.items[key] = node;
      } else if (identity.isPair(parent)) {
        if (key === "key")
          parent.key = node;
        else
          parent.value = node;
      } else if (identity.isDocument(parent)) {
        parent.contents = node;
      } else {
        const pt = identity.isAlias(parent) ? "alias" : "scalar";
        throw new Error(`Cannot replace node with ${pt} parent`);
      }
    }
    exports.visit = visit;
    exports.visitAsync = visitAsync;
  }
});

// node_modules/yaml/dist/doc/directives.js
var require_directives = __commonJS({
  "node_modules/yaml/dist/doc/directives.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    var escapeChars = {
      "!": "%21",
      ",": "%2C",
      "[": "%5B",
      "]": "%5D",
      "{": "%7B",
      "}": "%7D"
    };
    var escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, (ch) => escapeChars[ch]);
    var Directives = class _Directives {
      constructor(yaml, tags) {
        this.docStart = null;
        this.docEnd = false;
        this.yaml = Object.assign({}, _Directives.defaultYaml, yaml);
        this.tags = Object.assign({}, _Directives.defaultTags, tags);
      }
      clone() {
        const copy = new _Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
      }
      /**
       * During parsing, get a Directives instance for the current document and
       * update the stream state according to the current version's spec.
       */
      atDocument() {
        const res = new _Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
          case "1.1":
            this.atNextDocument = true;
            break;
          case "1.2":
            this.atNextDocument = false;
            this.yaml = {
              explicit: _Directives.defaultYaml.explicit,
              version: "1.2"
            };
            this.tags = Object.assign({}, _Directives.defaultTags);
            break;
        }
        return res;
      }
      /**
       * @param onError - May be called even if the action was successful
       * @returns `true` on success
       */
      add(line, onError) {
        if (this.atNextDocument) {
          this.yaml = { explicit: _Directives.defaultYaml.explicit, version: "1.1" };
          this.tags = Object.assign({}, _Directives.defaultTags);
          this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
          case "%TAG": {
            if (parts.length !== 2) {
              onError(0, "%TAG directive should contain exactly two parts");
              if (parts.length < 2)
                return false;
            }
            const [handle, prefix] = parts;
            this.tags[handle] = prefix;
            return true;
          }
          case "%YAML": {
            this.yaml.explicit = true;
            if (parts.length !== 1) {
              onError(0, "%YAML directive should contain exactly one part");
              return false;
            }
            const [version2] = parts;
            if (version2 === "1.1" || version2 === "1.2") {
              this.yaml.version = version2;
              return true;
            } else {
              const isValid = /^\d+\.\d+$/.test(version2);
              onError(6, `Unsupported YAML version ${version2}`, isValid);
              return false;
            }
          }
          default:
            onError(0, `Unknown directive ${name}`, true);
            return false;
        }
      }
      /**
       * Resolves a tag, matching handles to those defined in %TAG directives.
       *
       * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
       *   `'!local'` tag, or `null` if unresolvable.
       */
      tagName(source, onError) {
        if (source === "!")
          return "!";
        if (source[0] !== "!") {
          onError(`Not a valid tag: ${source}`);
          return null;
        }
        if (source[1] === "<") {
          const verbatim = source.slice(2, -1);
          if (verbatim === "!" || verbatim === "!!") {
            onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
            return null;
          }
          if (source[source.length - 1] !== ">")
            onError("Verbatim tags must end with a >");
          return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
          onError(`The ${source} tag has no suffix`);
        const prefix = this.tags[handle];
        if (prefix) {
          try {
            return prefix + decodeURIComponent(suffix);
          } catch (error) {
            onError(String(error));
            return null;
          }
        }
        if (handle === "!")
          return source;
        onError(`Could not resolve tag: ${source}`);
        return null;
      }
      /**
       * Given a fully resolved tag, returns its printable string form,
       * taking into account current tag prefixes and defaults.
       */
      tagString(tag) {
        for (const [handle, prefix] of Object.entries(this.tags)) {
          if (tag.startsWith(prefix))
            return handle + escapeTagName(tag.substring(prefix.length));
        }
        return tag[0] === "!" ? tag : `!<${tag}>`;
      }
      toString(doc) {
        const lines = this.yaml.explicit ? [`%YAML ${this.yaml.version || "1.2"}`] : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
          const tags = {};
          visit.visit(doc.contents, (_key, node) => {
            if (identity.isNode(node) && node.tag)
              tags[node.tag] = true;
          });
          tagNames = Object.keys(tags);
        } else
          tagNames = [];
        for (const [handle, prefix] of tagEntries) {
          if (handle === "!!" && prefix === "tag:yaml.org,2002:")
            continue;
          if (!doc || tagNames.some((tn) => tn.startsWith(prefix)))
            lines.push(`%TAG ${handle} ${prefix}`);
        }
        return lines.join("\n");
      }
    };
    Directives.defaultYaml = { explicit: false, version: "1.2" };
    Directives.defaultTags = { "!!": "tag:yaml.org,2002:" };
    exports.Directives = Directives;
  }
});

// node_modules/yaml/dist/doc/anchors.js
var require_anchors = __commonJS({
  "node_modules/yaml/dist/doc/anchors.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    function anchorIsValid(anchor) {
      if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
        const sa = JSON.stringify(anchor);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
      }
      return true;
    }
    function anchorNames(root) {
      const anchors = /* @__PURE__ */ new Set();
      visit.visit(root, {
        Value(_key, node) {
          if (node.anchor)
            anchors.add(node.anchor);
        }
      });
      return anchors;
    }
    function findNewAnchor(prefix, exclude) {
      for (let i = 1; true; ++i) {
        const name = `${prefix}${i}`;
        if (!exclude.has(name))
          return name;
      }
    }
    function createNodeAnchors(doc, prefix) {
      const aliasObjects = [];
      const sourceObjects = /* @__PURE__ */ new Map();
      let prevAnchors = null;
      return {
        onAnchor: (source) => {
          aliasObjects.push(source);
          prevAnchors ?? (prevAnchors = anchorNames(doc));
          const anchor = findNewAnchor(prefix, prevAnchors);
          prevAnchors.add(anchor);
          return anchor;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
          for (const source of aliasObjects) {
            const ref = sourceObjects.get(source);
            if (typeof ref === "object" && ref.anchor && (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
              ref.node.anchor = ref.anchor;
            } else {
              const error = new Error("Failed to resolve repeated object (this should not happen)");
              error.source = source;
              throw error;
            }
          }
        },
        sourceObjects
      };
    }
    exports.anchorIsValid = anchorIsValid;
    exports.anchorNames = anchorNames;
    exports.createNodeAnchors = createNodeAnchors;
    exports.findNewAnchor = findNewAnchor;
  }
});

// node_modules/yaml/dist/doc/applyReviver.js
var require_applyReviver = __commonJS({
  "node_modules/yaml/dist/doc/applyReviver.js"(exports) {
    "use strict";
    function applyReviver(reviver, obj, key, val) {
      if (val && typeof val === "object") {
        if (Array.isArray(val)) {
          for (let i = 0, len = val.length; i < len; ++i) {
            const v0 = val[i];
            const v1 = applyReviver(reviver, val, String(i), v0);
            if (v1 === void 0)
              delete val[i];
            else if (v1 !== v0)
              val[i] = v1;
          }
        } else if (val instanceof Map) {
          for (const k of Array.from(val.keys())) {
            const v0 = val.get(k);
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              val.delete(k);
            else if (v1 !== v0)
              val.set(k, v1);
          }
        } else if (val instanceof Set) {
          for (const v0 of Array.from(val)) {
            const v1 = applyReviver(reviver, val, v0, v0);
            if (v1 === void 0)
              val.delete(v0);
            else if (v1 !== v0) {
              val.delete(v0);
              val.add(v1);
            }
          }
        } else {
          for (const [k, v0] of Object.entries(val)) {
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              delete val[k];
            else if (v1 !== v0)
              val[k] = v1;
          }
        }
      }
      return reviver.call(obj, key, val);
    }
    exports.applyReviver = applyReviver;
  }
});

// node_modules/yaml/dist/nodes/toJS.js
var require_toJS = __commonJS({
  "node_modules/yaml/dist/nodes/toJS.js"(exports) {
    "use strict";
    var identity = require_identity();
    function toJS(value, arg, ctx) {
      if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
      if (value && typeof value.toJSON === "function") {
        if (!ctx || !identity.hasAnchor(value))
          return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: void 0 };
        ctx.anchors.set(value, data);
        ctx.onCreate = (res2) => {
          data.res = res2;
          delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
          ctx.onCreate(res);
        return res;
      }
      if (typeof value === "bigint" && !ctx?.keep)
        return Number(value);
      return value;
    }
    exports.toJS = toJS;
  }
});

// node_modules/yaml/dist/nodes/Node.js
var require_Node = __commonJS({
  "node_modules/yaml/dist/nodes/Node.js"(exports) {
    "use strict";
    var applyReviver = require_applyReviver();
    var identity = require_identity();
    var toJS = require_toJS();
    var NodeBase = class {
      constructor(type) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
      }
      /** Create a copy of this node.  */
      clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** A plain JavaScript representation of this node. */
      toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!identity.isDocument(doc))
          throw new TypeError("A document argument is required");
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc,
          keep: true,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this, "", ctx);
        if (typeof onAnchor === "function")
          for (const { count: count2, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count2);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
    };
    exports.NodeBase = NodeBase;
  }
});

// node_modules/yaml/dist/nodes/Alias.js
var require_Alias = __commonJS({
  "node_modules/yaml/dist/nodes/Alias.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var visit = require_visit();
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var Alias = class extends Node.NodeBase {
      constructor(source) {
        super(identity.ALIAS);
        this.source = source;
        Object.defineProperty(this, "tag", {
          set() {
            throw new Error("Alias nodes cannot have tags");
          }
        });
      }
      /**
       * Resolve the value of this alias within `doc`, finding the last
       * instance of the `source` anchor before this node.
       */
      resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
          throw new ReferenceError("Alias resolution is disabled");
        let nodes;
        if (ctx?.aliasResolveCache) {
          nodes = ctx.aliasResolveCache;
        } else {
          nodes = [];
          visit.visit(doc, {
            Node: (_key, node) => {
              if (identity.isAlias(node) || identity.hasAnchor(node))
                nodes.push(node);
            }
          });
          if (ctx)
            ctx.aliasResolveCache = nodes;
        }
        let found = void 0;
        for (const node of nodes) {
          if (node === this)
            break;
          if (node.anchor === this.source)
            found = node;
        }
        if (found && ctx) {
          const { anchors: anchors2, doc: doc2, maxAliasCount } = ctx;
          let data = anchors2.get(found);
          if (!data) {
            toJS.toJS(found, null, ctx);
            data = anchors2.get(found);
          }
          if (data?.res === void 0) {
            const msg = "This should not happen: Alias anchor was not resolved?";
            throw new ReferenceError(msg);
          }
          if (maxAliasCount >= 0) {
            data.count += 1;
            if (data.aliasCount === 0)
              data.aliasCount = getAliasCount(doc2, found, anchors2);
            if (data.count * data.aliasCount > maxAliasCount) {
              const msg = "Excessive alias count indicates a resource exhaustion attack";
              throw new ReferenceError(msg);
            }
          }
        }
        return found;
      }
      toJSON(_arg, ctx) {
        if (!ctx)
          return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
          const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
          throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
      }
      toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
          anchors.anchorIsValid(this.source);
          if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new Error(msg);
          }
          if (ctx.implicitKey)
            return `${src} `;
        }
        return src;
      }
    };
    function getAliasCount(doc, node, anchors2) {
      if (identity.isAlias(node)) {
        const source = node.resolve(doc);
        const anchor = anchors2 && source && anchors2.get(source);
        return anchor ? anchor.count * anchor.aliasCount : 0;
      } else if (identity.isCollection(node)) {
        let count2 = 0;
        for (const item of node.items) {
          const c = getAliasCount(doc, item, anchors2);
          if (c > count2)
            count2 = c;
        }
        return count2;
      } else if (identity.isPair(node)) {
        const kc = getAliasCount(doc, node.key, anchors2);
        const vc = getAliasCount(doc, node.value, anchors2);
        return Math.max(kc, vc);
      }
      return 1;
    }
    exports.Alias = Alias;
  }
});

// node_modules/yaml/dist/nodes/Scalar.js
var require_Scalar = __commonJS({
  "node_modules/yaml/dist/nodes/Scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var isScalarValue = (value) => !value || typeof value !== "function" && typeof value !== "object";
    var Scalar = class extends Node.NodeBase {
      constructor(value) {
        super(identity.SCALAR);
        this.value = value;
      }
      toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
      }
      toString() {
        return String(this.value);
      }
    };
    Scalar.BLOCK_FOLDED = "BLOCK_FOLDED";
    Scalar.BLOCK_LITERAL = "BLOCK_LITERAL";
    Scalar.PLAIN = "PLAIN";
    Scalar.QUOTE_DOUBLE = "QUOTE_DOUBLE";
    Scalar.QUOTE_SINGLE = "QUOTE_SINGLE";
    exports.Scalar = Scalar;
    exports.isScalarValue = isScalarValue;
  }
});

// node_modules/yaml/dist/doc/createNode.js
var require_createNode = __commonJS({
  "node_modules/yaml/dist/doc/createNode.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var defaultTagPrefix = "tag:yaml.org,2002:";
    function findTagObject(value, tagName, tags) {
      if (tagName) {
        const match = tags.filter((t) => t.tag === tagName);
        const tagObj = match.find((t) => !t.format) ?? match[0];
        if (!tagObj)
          throw new Error(`Tag ${tagName} not found`);
        return tagObj;
      }
      return tags.find((t) => t.identify?.(value) && !t.format);
    }
    function createNode(value, tagName, ctx) {
      if (identity.isDocument(value))
        value = value.contents;
      if (identity.isNode(value))
        return value;
      if (identity.isPair(value)) {
        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
        map.items.push(value);
        return map;
      }
      if (value instanceof String || value instanceof Number || value instanceof Boolean || typeof BigInt !== "undefined" && value instanceof BigInt) {
        value = value.valueOf();
      }
      const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
      let ref = void 0;
      if (aliasDuplicateObjects && value && typeof value === "object") {
        ref = sourceObjects.get(value);
        if (ref) {
          ref.anchor ?? (ref.anchor = onAnchor(value));
          return new Alias.Alias(ref.anchor);
        } else {
          ref = { anchor: null, node: null };
          sourceObjects.set(value, ref);
        }
      }
      if (tagName?.startsWith("!!"))
        tagName = defaultTagPrefix + tagName.slice(2);
      let tagObj = findTagObject(value, tagName, schema.tags);
      if (!tagObj) {
        if (value && typeof value.toJSON === "function") {
          value = value.toJSON();
        }
        if (!value || typeof value !== "object") {
          const node2 = new Scalar.Scalar(value);
          if (ref)
            ref.node = node2;
          return node2;
        }
        tagObj = value instanceof Map ? schema[identity.MAP] : Symbol.iterator in Object(value) ? schema[identity.SEQ] : schema[identity.MAP];
      }
      if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
      }
      const node = tagObj?.createNode ? tagObj.createNode(ctx.schema, value, ctx) : typeof tagObj?.nodeClass?.from === "function" ? tagObj.nodeClass.from(ctx.schema, value, ctx) : new Scalar.Scalar(value);
      if (tagName)
        node.tag = tagName;
      else if (!tagObj.default)
        node.tag = tagObj.tag;
      if (ref)
        ref.node = node;
      return node;
    }
    exports.createNode = createNode;
  }
});

// node_modules/yaml/dist/nodes/Collection.js
var require_Collection = __commonJS({
  "node_modules/yaml/dist/nodes/Collection.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var identity = require_identity();
    var Node = require_Node();
    function collectionFromPath(schema, path, value) {
      let v = value;
      for (let i = path.length - 1; i >= 0; --i) {
        const k = path[i];
        if (typeof k === "number" && Number.isInteger(k) && k >= 0) {
          const a = [];
          a[k] = v;
          v = a;
        } else {
          v = /* @__PURE__ */ new Map([[k, v]]);
        }
      }
      return createNode.createNode(v, void 0, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
          throw new Error("This should not happen, please report a bug.");
        },
        schema,
        sourceObjects: /* @__PURE__ */ new Map()
      });
    }
    var isEmptyPath = (path) => path == null || typeof path === "object" && !!path[Symbol.iterator]().next().done;
    var Collection = class extends Node.NodeBase {
      constructor(type, schema) {
        super(type);
        Object.defineProperty(this, "schema", {
          value: schema,
          configurable: true,
          enumerable: false,
          writable: true
        });
      }
      /**
       * Create a copy of this collection.
       *
       * @param schema - If defined, overwrites the original's schema
       */
      clone(schema) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema)
          copy.schema = schema;
        copy.items = copy.items.map((it) => identity.isNode(it) || identity.isPair(it) ? it.clone(schema) : it);
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /**
       * Adds a value to the collection. For `!!map` and `!!omap` the value must
       * be a Pair instance or a `{ key, value }` object, which may not have a key
       * that already exists in the map.
       */
      addIn(path, value) {
        if (isEmptyPath(path))
          this.add(value);
        else {
          const [key, ...rest] = path;
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.addIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
      /**
       * Removes a value from the collection.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
          return this.delete(key);
        const node = this.get(key, true);
        if (identity.isCollection(node))
          return node.deleteIn(rest);
        else
          throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path, keepScalar) {
        const [key, ...rest] = path;
        const node = this.get(key, true);
        if (rest.length === 0)
          return !keepScalar && identity.isScalar(node) ? node.value : node;
        else
          return identity.isCollection(node) ? node.getIn(rest, keepScalar) : void 0;
      }
      hasAllNullValues(allowScalar) {
        return this.items.every((node) => {
          if (!identity.isPair(node))
            return false;
          const n = node.value;
          return n == null || allowScalar && identity.isScalar(n) && n.value == null && !n.commentBefore && !n.comment && !n.tag;
        });
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       */
      hasIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
          return this.has(key);
        const node = this.get(key, true);
        return identity.isCollection(node) ? node.hasIn(rest) : false;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path, value) {
        const [key, ...rest] = path;
        if (rest.length === 0) {
          this.set(key, value);
        } else {
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.setIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
    };
    exports.Collection = Collection;
    exports.collectionFromPath = collectionFromPath;
    exports.isEmptyPath = isEmptyPath;
  }
});

// node_modules/yaml/dist/stringify/stringifyComment.js
var require_stringifyComment = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyComment.js"(exports) {
    "use strict";
    var stringifyComment = (str) => str.replace(/^(?!$)(?: $)?/gm, "#");
    function indentComment(comment, indent) {
      if (/^\n+$/.test(comment))
        return comment.substring(1);
      return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
    }
    var lineComment = (str, indent, comment) => str.endsWith("\n") ? indentComment(comment, indent) : comment.includes("\n") ? "\n" + indentComment(comment, indent) : (str.endsWith(" ") ? "" : " ") + comment;
    exports.indentComment = indentComment;
    exports.lineComment = lineComment;
    exports.stringifyComment = stringifyComment;
  }
});

// node_modules/yaml/dist/stringify/foldFlowLines.js
var require_foldFlowLines = __commonJS({
  "node_modules/yaml/dist/stringify/foldFlowLines.js"(exports) {
    "use strict";
    var FOLD_FLOW = "flow";
    var FOLD_BLOCK = "block";
    var FOLD_QUOTED = "quoted";
    function foldFlowLines(text2, indent, mode = "flow", { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
      if (!lineWidth || lineWidth < 0)
        return text2;
      if (lineWidth < minContentWidth)
        minContentWidth = 0;
      const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
      if (text2.length <= endStep)
        return text2;
      const folds = [];
      const escapedFolds = {};
      let end = lineWidth - indent.length;
      if (typeof indentAtStart === "number") {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
          folds.push(0);
        else
          end = lineWidth - indentAtStart;
      }
      let split = void 0;
      let prev = void 0;
      let overflow = false;
      let i = -1;
      let escStart = -1;
      let escEnd = -1;
      if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text2, i, indent.length);
        if (i !== -1)
          end = i + endStep;
      }
      for (let ch; ch = text2[i += 1]; ) {
        if (mode === FOLD_QUOTED && ch === "\\") {
          escStart = i;
          switch (text2[i + 1]) {
            case "x":
              i += 3;
              break;
            case "u":
              i += 5;
              break;
            case "U":
              i += 9;
              break;
            default:
              i += 1;
          }
          escEnd = i;
        }
        if (ch === "\n") {
          if (mode === FOLD_BLOCK)
            i = consumeMoreIndentedLines(text2, i, indent.length);
          end = i + indent.length + endStep;
          split = void 0;
        } else {
          if (ch === " " && prev && prev !== " " && prev !== "\n" && prev !== "	") {
            const next = text2[i + 1];
            if (next && next !== " " && next !== "\n" && next !== "	")
              split = i;
          }
          if (i >= end) {
            if (split) {
              folds.push(split);
              end = split + endStep;
              split = void 0;
            } else if (mode === FOLD_QUOTED) {
              while (prev === " " || prev === "	") {
                prev = ch;
                ch = text2[i += 1];
                overflow = true;
              }
              const j = i > escEnd + 1 ? i - 2 : escStart - 1;
              if (escapedFolds[j])
                return text2;
              folds.push(j);
              escapedFolds[j] = true;
              end = j + endStep;
              split = void 0;
            } else {
              overflow = true;
            }
          }
        }
        prev = ch;
      }
      if (overflow && onOverflow)
        onOverflow();
      if (folds.length === 0)
        return text2;
      if (onFold)
        onFold();
      let res = text2.slice(0, folds[0]);
      for (let i2 = 0; i2 < folds.length; ++i2) {
        const fold = folds[i2];
        const end2 = folds[i2 + 1] || text2.length;
        if (fold === 0)
          res = `
${indent}${text2.slice(0, end2)}`;
        else {
          if (mode === FOLD_QUOTED && escapedFolds[fold])
            res += `${text2[fold]}\\`;
          res += `
${indent}${text2.slice(fold + 1, end2)}`;
        }
      }
      return res;
    }
    function consumeMoreIndentedLines(text2, i, indent) {
      let end = i;
      let start = i + 1;
      let ch = text2[start];
      while (ch === " " || ch === "	") {
        if (i < start + indent) {
          ch = text2[++i];
        } else {
          do {
            ch = text2[++i];
          } while (ch && ch !== "\n");
          end = i;
          start = i + 1;
          ch = text2[start];
        }
      }
      return end;
    }
    exports.FOLD_BLOCK = FOLD_BLOCK;
    exports.FOLD_FLOW = FOLD_FLOW;
    exports.FOLD_QUOTED = FOLD_QUOTED;
    exports.foldFlowLines = foldFlowLines;
  }
});

// node_modules/yaml/dist/stringify/stringifyString.js
var require_stringifyString = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyString.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var foldFlowLines = require_foldFlowLines();
    var getFoldOptions = (ctx, isBlock) => ({
      indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
      lineWidth: ctx.options.lineWidth,
      minContentWidth: ctx.options.minContentWidth
    });
    var containsDocumentMarker = (str) => /^(%|---|\.\.\.)/m.test(str);
    function lineLengthOverLimit(str, lineWidth, indentLength) {
      if (!lineWidth || lineWidth < 0)
        return false;
      const limit = lineWidth - indentLength;
      const strLen = str.length;
      if (strLen <= limit)
        return false;
      for (let i = 0, start = 0; i < strLen; ++i) {
        if (str[i] === "\n") {
          if (i - start > limit)
            return true;
          start = i + 1;
          if (strLen - start <= limit)
            return false;
        }
      }
      return true;
    }
    function doubleQuotedString(value, ctx) {
      const json = JSON.stringify(value);
      if (ctx.options.doubleQuotedAsJSON)
        return json;
      const { implicitKey } = ctx;
      const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      let str = "";
      let start = 0;
      for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
        if (ch === " " && json[i + 1] === "\\" && json[i + 2] === "n") {
          str += json.slice(start, i) + "\\ ";
          i += 1;
          start = i;
          ch = "\\";
        }
        if (ch === "\\")
          switch (json[i + 1]) {
            case "u":
              {
                str += json.slice(start, i);
                const code = json.substr(i + 2, 4);
                switch (code) {
                  case "0000":
                    str += "\\0";
                    break;
                  case "0007":
                    str += "\\a";
                    break;
                  case "000b":
                    str += "\\v";
                    break;
                  case "001b":
                    str += "\\e";
                    break;
                  case "0085":
                    str += "\\N";
                    break;
                  case "00a0":
                    str += "\\_";
                    break;
                  case "2028":
                    str += "\\L";
                    break;
                  case "2029":
                    str += "\\P";
                    break;
                  default:
                    if (code.substr(0, 2) === "00")
                      str += "\\x" + code.substr(2);
                    else
                      str += json.substr(i, 6);
                }
                i += 5;
                start = i + 1;
              }
              break;
            case "n":
              if (implicitKey || json[i + 2] === '"' || json.length < minMultiLineLength) {
                i += 1;
              } else {
                str += json.slice(start, i) + "\n\n";
                while (json[i + 2] === "\\" && json[i + 3] === "n" && json[i + 4] !== '"') {
                  str += "\n";
                  i += 2;
                }
                str += indent;
                if (json[i + 2] === " ")
                  str += "\\";
                i += 1;
                start = i + 1;
              }
              break;
            default:
              i += 1;
          }
      }
      str = start ? str + json.slice(start) : json;
      return implicitKey ? str : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
    }
    function singleQuotedString(value, ctx) {
      if (ctx.options.singleQuote === false || ctx.implicitKey && value.includes("\n") || /[ \t]\n|\n[ \t]/.test(value))
        return doubleQuotedString(value, ctx);
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&
${indent}`) + "'";
      return ctx.implicitKey ? res : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function quotedString(value, ctx) {
      const { singleQuote } = ctx.options;
      let qs;
      if (singleQuote === false)
        qs = doubleQuotedString;
      else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
          qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
          qs = doubleQuotedString;
        else
          qs = singleQuote ? singleQuotedString : doubleQuotedString;
      }
      return qs(value, ctx);
    }
    var blockEndNewlines;
    try {
      blockEndNewlines = new RegExp("(^|(?<!\n))\n+(?!\n|$)", "g");
    } catch {
      blockEndNewlines = /\n+(?!\n|$)/g;
    }
    function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
      const { blockQuote, commentString, lineWidth } = ctx.options;
      if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
      }
      const indent = ctx.indent || (ctx.forceBlockIndent || containsDocumentMarker(value) ? "  " : "");
      const literal = blockQuote === "literal" ? true : blockQuote === "folded" || type === Scalar.Scalar.BLOCK_FOLDED ? false : type === Scalar.Scalar.BLOCK_LITERAL ? true : !lineLengthOverLimit(value, lineWidth, indent.length);
      if (!value)
        return literal ? "|\n" : ">\n";
      let chomp;
      let endStart;
      for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== "\n" && ch !== "	" && ch !== " ")
          break;
      }
      let end = value.substring(endStart);
      const endNlPos = end.indexOf("\n");
      if (endNlPos === -1) {
        chomp = "-";
      } else if (value === end || endNlPos !== end.length - 1) {
        chomp = "+";
        if (onChompKeep)
          onChompKeep();
      } else {
        chomp = "";
      }
      if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === "\n")
          end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
      }
      let startWithSpace = false;
      let startEnd;
      let startNlPos = -1;
      for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === " ")
          startWithSpace = true;
        else if (ch === "\n")
          startNlPos = startEnd;
        else
          break;
      }
      let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
      if (start) {
        value = value.substring(start.length);
        start = start.replace(/\n+/g, `$&${indent}`);
      }
      const indentSize = indent ? "2" : "1";
      let header = (startWithSpace ? indentSize : "") + chomp;
      if (comment) {
        header += " " + commentString(comment.replace(/ ?[\r\n]+/g, " "));
        if (onComment)
          onComment();
      }
      if (!literal) {
        const foldedValue = value.replace(/\n+/g, "\n$&").replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, "$1$2").replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== "folded" && type !== Scalar.Scalar.BLOCK_FOLDED) {
          foldOptions.onOverflow = () => {
            literalFallback = true;
          };
        }
        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
        if (!literalFallback)
          return `>${header}
${indent}${body}`;
      }
      value = value.replace(/\n+/g, `$&${indent}`);
      return `|${header}
${indent}${start}${value}${end}`;
    }
    function plainString(item, ctx, onComment, onChompKeep) {
      const { type, value } = item;
      const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
      if (implicitKey && value.includes("\n") || inFlow && /[[\]{},]/.test(value)) {
        return quotedString(value, ctx);
      }
      if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        return implicitKey || inFlow || !value.includes("\n") ? quotedString(value, ctx) : blockString(item, ctx, onComment, onChompKeep);
      }
      if (!implicitKey && !inFlow && type !== Scalar.Scalar.PLAIN && value.includes("\n")) {
        return blockString(item, ctx, onComment, onChompKeep);
      }
      if (containsDocumentMarker(value)) {
        if (indent === "") {
          ctx.forceBlockIndent = true;
          return blockString(item, ctx, onComment, onChompKeep);
        } else if (implicitKey && indent === indentStep) {
          return quotedString(value, ctx);
        }
      }
      const str = value.replace(/\n+/g, `$&
${indent}`);
      if (actualString) {
        const test = (tag) => tag.default && tag.tag !== "tag:yaml.org,2002:str" && tag.test?.test(str);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
          return quotedString(value, ctx);
      }
      return implicitKey ? str : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function stringifyString(item, ctx, onComment, onChompKeep) {
      const { implicitKey, inFlow } = ctx;
      const ss = typeof item.value === "string" ? item : Object.assign({}, item, { value: String(item.value) });
      let { type } = item;
      if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
          type = Scalar.Scalar.QUOTE_DOUBLE;
      }
      const _stringify = (_type) => {
        switch (_type) {
          case Scalar.Scalar.BLOCK_FOLDED:
          case Scalar.Scalar.BLOCK_LITERAL:
            return implicitKey || inFlow ? quotedString(ss.value, ctx) : blockString(ss, ctx, onComment, onChompKeep);
          case Scalar.Scalar.QUOTE_DOUBLE:
            return doubleQuotedString(ss.value, ctx);
          case Scalar.Scalar.QUOTE_SINGLE:
            return singleQuotedString(ss.value, ctx);
          case Scalar.Scalar.PLAIN:
            return plainString(ss, ctx, onComment, onChompKeep);
          default:
            return null;
        }
      };
      let res = _stringify(type);
      if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = implicitKey && defaultKeyType || defaultStringType;
        res = _stringify(t);
        if (res === null)
          throw new Error(`Unsupported default string type ${t}`);
      }
      return res;
    }
    exports.stringifyString = stringifyString;
  }
});

// node_modules/yaml/dist/stringify/stringify.js
var require_stringify = __commonJS({
  "node_modules/yaml/dist/stringify/stringify.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var identity = require_identity();
    var stringifyComment = require_stringifyComment();
    var stringifyString = require_stringifyString();
    function createStringifyContext(doc, options) {
      const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment.stringifyComment,
        defaultKeyType: null,
        defaultStringType: "PLAIN",
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: "false",
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: "null",
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: "true",
        verifyAliasOrder: true
      }, doc.schema.toStringOptions, options);
      let inFlow;
      switch (opt.collectionStyle) {
        case "block":
          inFlow = false;
          break;
        case "flow":
          inFlow = true;
          break;
        default:
          inFlow = null;
      }
      return {
        anchors: /* @__PURE__ */ new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? " " : "",
        indent: "",
        indentStep: typeof opt.indent === "number" ? " ".repeat(opt.indent) : "  ",
        inFlow,
        options: opt
      };
    }
    function getTagObject(tags, item) {
      if (item.tag) {
        const match = tags.filter((t) => t.tag === item.tag);
        if (match.length > 0)
          return match.find((t) => t.format === item.format) ?? match[0];
      }
      let tagObj = void 0;
      let obj;
      if (identity.isScalar(item)) {
        obj = item.value;
        let match = tags.filter((t) => t.identify?.(obj));
        if (match.length > 1) {
          const testMatch = match.filter((t) => t.test);
          if (testMatch.length > 0)
            match = testMatch;
        }
        tagObj = match.find((t) => t.format === item.format) ?? match.find((t) => !t.format);
      } else {
        obj = item;
        tagObj = tags.find((t) => t.nodeClass && obj instanceof t.nodeClass);
      }
      if (!tagObj) {
        const name = obj?.constructor?.name ?? (obj === null ? "null" : typeof obj);
        throw new Error(`Tag not resolved for ${name} value`);
      }
      return tagObj;
    }
    function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
      if (!doc.directives)
        return "";
      const props = [];
      const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
      if (anchor && anchors.anchorIsValid(anchor)) {
        anchors$1.add(anchor);
        props.push(`&${anchor}`);
      }
      const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
      if (tag)
        props.push(doc.directives.tagString(tag));
      return props.join(" ");
    }
    function stringify(item, ctx, onComment, onChompKeep) {
      if (identity.isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
      if (identity.isAlias(item)) {
        if (ctx.doc.directives)
          return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
          throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        } else {
          if (ctx.resolvedAliases)
            ctx.resolvedAliases.add(item);
          else
            ctx.resolvedAliases = /* @__PURE__ */ new Set([item]);
          item = item.resolve(ctx.doc);
        }
      }
      let tagObj = void 0;
      const node = identity.isNode(item) ? item : ctx.doc.createNode(item, { onTagObj: (o) => tagObj = o });
      tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
      const props = stringifyProps(node, tagObj, ctx);
      if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
      const str = typeof tagObj.stringify === "function" ? tagObj.stringify(node, ctx, onComment, onChompKeep) : identity.isScalar(node) ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep) : node.toString(ctx, onComment, onChompKeep);
      if (!props)
        return str;
      return identity.isScalar(node) || str[0] === "{" || str[0] === "[" ? `${props} ${str}` : `${props}
${ctx.indent}${str}`;
    }
    exports.createStringifyContext = createStringifyContext;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/stringify/stringifyPair.js
var require_stringifyPair = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyPair.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
      const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
      let keyComment = identity.isNode(key) && key.comment || null;
      if (simpleKeys) {
        if (keyComment) {
          throw new Error("With simple keys, key nodes cannot have comments");
        }
        if (identity.isCollection(key) || !identity.isNode(key) && typeof key === "object") {
          const msg = "With simple keys, collection cannot be used as a key value";
          throw new Error(msg);
        }
      }
      let explicitKey = !simpleKeys && (!key || keyComment && value == null && !ctx.inFlow || identity.isCollection(key) || (identity.isScalar(key) ? key.type === Scalar.Scalar.BLOCK_FOLDED || key.type === Scalar.Scalar.BLOCK_LITERAL : typeof key === "object"));
      ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
      });
      let keyCommentDone = false;
      let chompKeep = false;
      let str = stringify.stringify(key, ctx, () => keyCommentDone = true, () => chompKeep = true);
      if (!explicitKey && !ctx.inFlow && str.length > 1024) {
        if (simpleKeys)
          throw new Error("With simple keys, single line scalar must not span more than 1024 characters");
        explicitKey = true;
      }
      if (ctx.inFlow) {
        if (allNullValues || value == null) {
          if (keyCommentDone && onComment)
            onComment();
          return str === "" ? "?" : explicitKey ? `? ${str}` : str;
        }
      } else if (allNullValues && !simpleKeys || value == null && explicitKey) {
        str = `? ${str}`;
        if (keyComment && !keyCommentDone) {
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        } else if (chompKeep && onChompKeep)
          onChompKeep();
        return str;
      }
      if (keyCommentDone)
        keyComment = null;
      if (explicitKey) {
        if (keyComment)
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        str = `? ${str}
${indent}:`;
      } else {
        str = `${str}:`;
        if (keyComment)
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
      }
      let vsb, vcb, valueComment;
      if (identity.isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
      } else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === "object")
          value = doc.createNode(value);
      }
      ctx.implicitKey = false;
      if (!explicitKey && !keyComment && identity.isScalar(value))
        ctx.indentAtStart = str.length + 1;
      chompKeep = false;
      if (!indentSeq && indentStep.length >= 2 && !ctx.inFlow && !explicitKey && identity.isSeq(value) && !value.flow && !value.tag && !value.anchor) {
        ctx.indent = ctx.indent.substring(2);
      }
      let valueCommentDone = false;
      const valueStr = stringify.stringify(value, ctx, () => valueCommentDone = true, () => chompKeep = true);
      let ws = " ";
      if (keyComment || vsb || vcb) {
        ws = vsb ? "\n" : "";
        if (vcb) {
          const cs = commentString(vcb);
          ws += `
${stringifyComment.indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === "" && !ctx.inFlow) {
          if (ws === "\n" && valueComment)
            ws = "\n\n";
        } else {
          ws += `
${ctx.indent}`;
        }
      } else if (!explicitKey && identity.isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf("\n");
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
          let hasPropsLine = false;
          if (hasNewline && (vs0 === "&" || vs0 === "!")) {
            let sp0 = valueStr.indexOf(" ");
            if (vs0 === "&" && sp0 !== -1 && sp0 < nl0 && valueStr[sp0 + 1] === "!") {
              sp0 = valueStr.indexOf(" ", sp0 + 1);
            }
            if (sp0 === -1 || nl0 < sp0)
              hasPropsLine = true;
          }
          if (!hasPropsLine)
            ws = `
${ctx.indent}`;
        }
      } else if (valueStr === "" || valueStr[0] === "\n") {
        ws = "";
      }
      str += ws + valueStr;
      if (ctx.inFlow) {
        if (valueCommentDone && onComment)
          onComment();
      } else if (valueComment && !valueCommentDone) {
        str += stringifyComment.lineComment(str, ctx.indent, commentString(valueComment));
      } else if (chompKeep && onChompKeep) {
        onChompKeep();
      }
      return str;
    }
    exports.stringifyPair = stringifyPair;
  }
});

// node_modules/yaml/dist/log.js
var require_log = __commonJS({
  "node_modules/yaml/dist/log.js"(exports) {
    "use strict";
    var node_process = __require("process");
    function debug(logLevel, ...messages) {
      if (logLevel === "debug")
        console.log(...messages);
    }
    function warn(logLevel, warning) {
      if (logLevel === "debug" || logLevel === "warn") {
        if (typeof node_process.emitWarning === "function")
          node_process.emitWarning(warning);
        else
          console.warn(warning);
      }
    }
    exports.debug = debug;
    exports.warn = warn;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/merge.js
var require_merge = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/merge.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var MERGE_KEY = "<<";
    var merge = {
      identify: (value) => value === MERGE_KEY || typeof value === "symbol" && value.description === MERGE_KEY,
      default: "key",
      tag: "tag:yaml.org,2002:merge",
      test: /^<<$/,
      resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
      }),
      stringify: () => MERGE_KEY
    };
    var isMergeKey = (ctx, key) => (merge.identify(key) || identity.isScalar(key) && (!key.type || key.type === Scalar.Scalar.PLAIN) && merge.identify(key.value)) && ctx?.doc.schema.tags.some((tag) => tag.tag === merge.tag && tag.default);
    function addMergeToJSMap(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (identity.isSeq(source))
        for (const it of source.items)
          mergeValue(ctx, map, it);
      else if (Array.isArray(source))
        for (const it of source)
          mergeValue(ctx, map, it);
      else
        mergeValue(ctx, map, source);
    }
    function mergeValue(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (!identity.isMap(source))
        throw new Error("Merge sources must be maps or map aliases");
      const srcMap = source.toJSON(null, ctx, Map);
      for (const [key, value2] of srcMap) {
        if (map instanceof Map) {
          if (!map.has(key))
            map.set(key, value2);
        } else if (map instanceof Set) {
          map.add(key);
        } else if (!Object.prototype.hasOwnProperty.call(map, key)) {
          Object.defineProperty(map, key, {
            value: value2,
            writable: true,
            enumerable: true,
            configurable: true
          });
        }
      }
      return map;
    }
    function resolveAliasValue(ctx, value) {
      return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
    }
    exports.addMergeToJSMap = addMergeToJSMap;
    exports.isMergeKey = isMergeKey;
    exports.merge = merge;
  }
});

// node_modules/yaml/dist/nodes/addPairToJSMap.js
var require_addPairToJSMap = __commonJS({
  "node_modules/yaml/dist/nodes/addPairToJSMap.js"(exports) {
    "use strict";
    var log = require_log();
    var merge = require_merge();
    var stringify = require_stringify();
    var identity = require_identity();
    var toJS = require_toJS();
    function addPairToJSMap(ctx, map, { key, value }) {
      if (identity.isNode(key) && key.addToJSMap)
        key.addToJSMap(ctx, map, value);
      else if (merge.isMergeKey(ctx, key))
        merge.addMergeToJSMap(ctx, map, value);
      else {
        const jsKey = toJS.toJS(key, "", ctx);
        if (map instanceof Map) {
          map.set(jsKey, toJS.toJS(value, jsKey, ctx));
        } else if (map instanceof Set) {
          map.add(jsKey);
        } else {
          const stringKey = stringifyKey(key, jsKey, ctx);
          const jsValue = toJS.toJS(value, stringKey, ctx);
          if (stringKey in map)
            Object.defineProperty(map, stringKey, {
              value: jsValue,
              writable: true,
              enumerable: true,
              configurable: true
            });
          else
            map[stringKey] = jsValue;
        }
      }
      return map;
    }
    function stringifyKey(key, jsKey, ctx) {
      if (jsKey === null)
        return "";
      if (typeof jsKey !== "object")
        return String(jsKey);
      if (identity.isNode(key) && ctx?.doc) {
        const strCtx = stringify.createStringifyContext(ctx.doc, {});
        strCtx.anchors = /* @__PURE__ */ new Set();
        for (const node of ctx.anchors.keys())
          strCtx.anchors.add(node.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key.toString(strCtx);
        if (!ctx.mapKeyWarned) {
          let jsonStr = JSON.stringify(strKey);
          if (jsonStr.length > 40)
            jsonStr = jsonStr.substring(0, 36) + '..."';
          log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
          ctx.mapKeyWarned = true;
        }
        return strKey;
      }
      return JSON.stringify(jsKey);
    }
    exports.addPairToJSMap = addPairToJSMap;
  }
});

// node_modules/yaml/dist/nodes/Pair.js
var require_Pair = __commonJS({
  "node_modules/yaml/dist/nodes/Pair.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyPair = require_stringifyPair();
    var addPairToJSMap = require_addPairToJSMap();
    var identity = require_identity();
    function createPair(key, value, ctx) {
      const k = createNode.createNode(key, void 0, ctx);
      const v = createNode.createNode(value, void 0, ctx);
      return new Pair(k, v);
    }
    var Pair = class _Pair {
      constructor(key, value = null) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
        this.key = key;
        this.value = value;
      }
      clone(schema) {
        let { key, value } = this;
        if (identity.isNode(key))
          key = key.clone(schema);
        if (identity.isNode(value))
          value = value.clone(schema);
        return new _Pair(key, value);
      }
      toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
      }
      toString(ctx, onComment, onChompKeep) {
        return ctx?.doc ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep) : JSON.stringify(this);
      }
    };
    exports.Pair = Pair;
    exports.createPair = createPair;
  }
});

// node_modules/yaml/dist/stringify/stringifyCollection.js
var require_stringifyCollection = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyCollection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyCollection(collection, ctx, options) {
      const flow = ctx.inFlow ?? collection.flow;
      const stringify2 = flow ? stringifyFlowCollection : stringifyBlockCollection;
      return stringify2(collection, ctx, options);
    }
    function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
      const { indent, options: { commentString } } = ctx;
      const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
      let chompKeep = false;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment2 = null;
        if (identity.isNode(item)) {
          if (!chompKeep && item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
          if (item.comment)
            comment2 = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (!chompKeep && ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
          }
        }
        chompKeep = false;
        let str2 = stringify.stringify(item, itemCtx, () => comment2 = null, () => chompKeep = true);
        if (comment2)
          str2 += stringifyComment.lineComment(str2, itemIndent, commentString(comment2));
        if (chompKeep && comment2)
          chompKeep = false;
        lines.push(blockItemPrefix + str2);
      }
      let str;
      if (lines.length === 0) {
        str = flowChars.start + flowChars.end;
      } else {
        str = lines[0];
        for (let i = 1; i < lines.length; ++i) {
          const line = lines[i];
          str += line ? `
${indent}${line}` : "\n";
        }
      }
      if (comment) {
        str += "\n" + stringifyComment.indentComment(commentString(comment), indent);
        if (onComment)
          onComment();
      } else if (chompKeep && onChompKeep)
        onChompKeep();
      return str;
    }
    function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
      const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
      itemIndent += indentStep;
      const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
      });
      let reqNewline = false;
      let linesAtValue = 0;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
          if (item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, false);
          if (item.comment)
            comment = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, false);
            if (ik.comment)
              reqNewline = true;
          }
          const iv = identity.isNode(item.value) ? item.value : null;
          if (iv) {
            if (iv.comment)
              comment = iv.comment;
            if (iv.commentBefore)
              reqNewline = true;
          } else if (item.value == null && ik?.comment) {
            comment = ik.comment;
          }
        }
        if (comment)
          reqNewline = true;
        let str = stringify.stringify(item, itemCtx, () => comment = null);
        reqNewline || (reqNewline = lines.length > linesAtValue || str.includes("\n"));
        if (i < items.length - 1) {
          str += ",";
        } else if (ctx.options.trailingComma) {
          if (ctx.options.lineWidth > 0) {
            reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) + (str.length + 2) > ctx.options.lineWidth);
          }
          if (reqNewline) {
            str += ",";
          }
        }
        if (comment)
          str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        lines.push(str);
        linesAtValue = lines.length;
      }
      const { start, end } = flowChars;
      if (lines.length === 0) {
        return start + end;
      } else {
        if (!reqNewline) {
          const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
          reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
          let str = start;
          for (const line of lines)
            str += line ? `
${indentStep}${indent}${line}` : "\n";
          return `${str}
${indent}${end}`;
        } else {
          return `${start}${fcPadding}${lines.join(" ")}${fcPadding}${end}`;
        }
      }
    }
    function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
      if (comment && chompKeep)
        comment = comment.replace(/^\n+/, "");
      if (comment) {
        const ic = stringifyComment.indentComment(commentString(comment), indent);
        lines.push(ic.trimStart());
      }
    }
    exports.stringifyCollection = stringifyCollection;
  }
});

// node_modules/yaml/dist/nodes/YAMLMap.js
var require_YAMLMap = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLMap.js"(exports) {
    "use strict";
    var stringifyCollection = require_stringifyCollection();
    var addPairToJSMap = require_addPairToJSMap();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    function findPair(items, key) {
      const k = identity.isScalar(key) ? key.value : key;
      for (const it of items) {
        if (identity.isPair(it)) {
          if (it.key === key || it.key === k)
            return it;
          if (identity.isScalar(it.key) && it.key.value === k)
            return it;
        }
      }
      return void 0;
    }
    var YAMLMap = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:map";
      }
      constructor(schema) {
        super(identity.MAP, schema);
        this.items = [];
      }
      /**
       * A generic collection parsing method that can be extended
       * to other node classes that inherit from YAMLMap
       */
      static from(schema, obj, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map = new this(schema);
        const add = (key, value) => {
          if (typeof replacer === "function")
            value = replacer.call(obj, key, value);
          else if (Array.isArray(replacer) && !replacer.includes(key))
            return;
          if (value !== void 0 || keepUndefined)
            map.items.push(Pair.createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
          for (const [key, value] of obj)
            add(key, value);
        } else if (obj && typeof obj === "object") {
          for (const key of Object.keys(obj))
            add(key, obj[key]);
        }
        if (typeof schema.sortMapEntries === "function") {
          map.items.sort(schema.sortMapEntries);
        }
        return map;
      }
      /**
       * Adds a value to the collection.
       *
       * @param overwrite - If not set `true`, using a key that is already in the
       *   collection will throw. Otherwise, overwrites the previous value.
       */
      add(pair, overwrite) {
        let _pair;
        if (identity.isPair(pair))
          _pair = pair;
        else if (!pair || typeof pair !== "object" || !("key" in pair)) {
          _pair = new Pair.Pair(pair, pair?.value);
        } else
          _pair = new Pair.Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
          if (!overwrite)
            throw new Error(`Key ${_pair.key} already set`);
          if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
            prev.value.value = _pair.value;
          else
            prev.value = _pair.value;
        } else if (sortEntries) {
          const i = this.items.findIndex((item) => sortEntries(_pair, item) < 0);
          if (i === -1)
            this.items.push(_pair);
          else
            this.items.splice(i, 0, _pair);
        } else {
          this.items.push(_pair);
        }
      }
      delete(key) {
        const it = findPair(this.items, key);
        if (!it)
          return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node = it?.value;
        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? void 0;
      }
      has(key) {
        return !!findPair(this.items, key);
      }
      set(key, value) {
        this.add(new Pair.Pair(key, value), true);
      }
      /**
       * @param ctx - Conversion context, originally set in Document#toJS()
       * @param {Class} Type - If set, forces the returned collection type
       * @returns Instance of Type, Map, or Object
       */
      toJSON(_, ctx, Type) {
        const map = Type ? new Type() : ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const item of this.items)
          addPairToJSMap.addPairToJSMap(ctx, map, item);
        return map;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        for (const item of this.items) {
          if (!identity.isPair(item))
            throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
          ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "",
          flowChars: { start: "{", end: "}" },
          itemIndent: ctx.indent || "",
          onChompKeep,
          onComment
        });
      }
    };
    exports.YAMLMap = YAMLMap;
    exports.findPair = findPair;
  }
});

// node_modules/yaml/dist/schema/common/map.js
var require_map = __commonJS({
  "node_modules/yaml/dist/schema/common/map.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLMap = require_YAMLMap();
    var map = {
      collection: "map",
      default: true,
      nodeClass: YAMLMap.YAMLMap,
      tag: "tag:yaml.org,2002:map",
      resolve(map2, onError) {
        if (!identity.isMap(map2))
          onError("Expected a mapping for this tag");
        return map2;
      },
      createNode: (schema, obj, ctx) => YAMLMap.YAMLMap.from(schema, obj, ctx)
    };
    exports.map = map;
  }
});

// node_modules/yaml/dist/nodes/YAMLSeq.js
var require_YAMLSeq = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLSeq.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyCollection = require_stringifyCollection();
    var Collection = require_Collection();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var toJS = require_toJS();
    var YAMLSeq = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:seq";
      }
      constructor(schema) {
        super(identity.SEQ, schema);
        this.items = [];
      }
      add(value) {
        this.items.push(value);
      }
      /**
       * Removes a value from the collection.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       *
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return void 0;
        const it = this.items[idx];
        return !keepScalar && identity.isScalar(it) ? it.value : it;
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       */
      has(key) {
        const idx = asItemIndex(key);
        return typeof idx === "number" && idx < this.items.length;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       *
       * If `key` does not contain a representation of an integer, this will throw.
       * It may be wrapped in a `Scalar`.
       */
      set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
          prev.value = value;
        else
          this.items[idx] = value;
      }
      toJSON(_, ctx) {
        const seq = [];
        if (ctx?.onCreate)
          ctx.onCreate(seq);
        let i = 0;
        for (const item of this.items)
          seq.push(toJS.toJS(item, String(i++), ctx));
        return seq;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "- ",
          flowChars: { start: "[", end: "]" },
          itemIndent: (ctx.indent || "") + "  ",
          onChompKeep,
          onComment
        });
      }
      static from(schema, obj, ctx) {
        const { replacer } = ctx;
        const seq = new this(schema);
        if (obj && Symbol.iterator in Object(obj)) {
          let i = 0;
          for (let it of obj) {
            if (typeof replacer === "function") {
              const key = obj instanceof Set ? it : String(i++);
              it = replacer.call(obj, key, it);
            }
            seq.items.push(createNode.createNode(it, void 0, ctx));
          }
        }
        return seq;
      }
    };
    function asItemIndex(key) {
      let idx = identity.isScalar(key) ? key.value : key;
      if (idx && typeof idx === "string")
        idx = Number(idx);
      return typeof idx === "number" && Number.isInteger(idx) && idx >= 0 ? idx : null;
    }
    exports.YAMLSeq = YAMLSeq;
  }
});

// node_modules/yaml/dist/schema/common/seq.js
var require_seq = __commonJS({
  "node_modules/yaml/dist/schema/common/seq.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLSeq = require_YAMLSeq();
    var seq = {
      collection: "seq",
      default: true,
      nodeClass: YAMLSeq.YAMLSeq,
      tag: "tag:yaml.org,2002:seq",
      resolve(seq2, onError) {
        if (!identity.isSeq(seq2))
          onError("Expected a sequence for this tag");
        return seq2;
      },
      createNode: (schema, obj, ctx) => YAMLSeq.YAMLSeq.from(schema, obj, ctx)
    };
    exports.seq = seq;
  }
});

// node_modules/yaml/dist/schema/common/string.js
var require_string = __commonJS({
  "node_modules/yaml/dist/schema/common/string.js"(exports) {
    "use strict";
    var stringifyString = require_stringifyString();
    var string = {
      identify: (value) => typeof value === "string",
      default: true,
      tag: "tag:yaml.org,2002:str",
      resolve: (str) => str,
      stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
      }
    };
    exports.string = string;
  }
});

// node_modules/yaml/dist/schema/common/null.js
var require_null = __commonJS({
  "node_modules/yaml/dist/schema/common/null.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var nullTag = {
      identify: (value) => value == null,
      createNode: () => new Scalar.Scalar(null),
      default: true,
      tag: "tag:yaml.org,2002:null",
      test: /^(?:~|[Nn]ull|NULL)?$/,
      resolve: () => new Scalar.Scalar(null),
      stringify: ({ source }, ctx) => typeof source === "string" && nullTag.test.test(source) ? source : ctx.options.nullStr
    };
    exports.nullTag = nullTag;
  }
});

// node_modules/yaml/dist/schema/core/bool.js
var require_bool = __commonJS({
  "node_modules/yaml/dist/schema/core/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var boolTag = {
      identify: (value) => typeof value === "boolean",
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
      resolve: (str) => new Scalar.Scalar(str[0] === "t" || str[0] === "T"),
      stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
          const sv = source[0] === "t" || source[0] === "T";
          if (value === sv)
            return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
      }
    };
    exports.boolTag = boolTag;
  }
});

// node_modules/yaml/dist/stringify/stringifyNumber.js
var require_stringifyNumber = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyNumber.js"(exports) {
    "use strict";
    function stringifyNumber({ format, minFractionDigits, tag, value }) {
      if (typeof value === "bigint")
        return String(value);
      const num = typeof value === "number" ? value : Number(value);
      if (!isFinite(num))
        return isNaN(num) ? ".nan" : num < 0 ? "-.inf" : ".inf";
      let n = Object.is(value, -0) ? "-0" : JSON.stringify(value);
      if (!format && minFractionDigits && (!tag || tag === "tag:yaml.org,2002:float") && /^-?\d/.test(n) && !n.includes("e")) {
        let i = n.indexOf(".");
        if (i < 0) {
          i = n.length;
          n += ".";
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
          n += "0";
      }
      return n;
    }
    exports.stringifyNumber = stringifyNumber;
  }
});

// node_modules/yaml/dist/schema/core/float.js
var require_float = __commonJS({
  "node_modules/yaml/dist/schema/core/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str) => str.slice(-3).toLowerCase() === "nan" ? NaN : str[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
      resolve: (str) => parseFloat(str),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
      resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str));
        const dot = str.indexOf(".");
        if (dot !== -1 && str[str.length - 1] === "0")
          node.minFractionDigits = str.length - dot - 1;
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/core/int.js
var require_int = __commonJS({
  "node_modules/yaml/dist/schema/core/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    var intResolve = (str, offset, radix, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str.substring(offset), radix);
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value) && value >= 0)
        return prefix + value.toString(radix);
      return stringifyNumber.stringifyNumber(node);
    }
    var intOct = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^0o[0-7]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 8, opt),
      stringify: (node) => intStringify(node, 8, "0o")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^0x[0-9a-fA-F]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/core/schema.js
var require_schema = __commonJS({
  "node_modules/yaml/dist/schema/core/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool = require_bool();
    var float = require_float();
    var int = require_int();
    var schema = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool.boolTag,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float
    ];
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/json/schema.js
var require_schema2 = __commonJS({
  "node_modules/yaml/dist/schema/json/schema.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var map = require_map();
    var seq = require_seq();
    function intIdentify(value) {
      return typeof value === "bigint" || Number.isInteger(value);
    }
    var stringifyJSON = ({ value }) => JSON.stringify(value);
    var jsonScalars = [
      {
        identify: (value) => typeof value === "string",
        default: true,
        tag: "tag:yaml.org,2002:str",
        resolve: (str) => str,
        stringify: stringifyJSON
      },
      {
        identify: (value) => value == null,
        createNode: () => new Scalar.Scalar(null),
        default: true,
        tag: "tag:yaml.org,2002:null",
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
      },
      {
        identify: (value) => typeof value === "boolean",
        default: true,
        tag: "tag:yaml.org,2002:bool",
        test: /^true$|^false$/,
        resolve: (str) => str === "true",
        stringify: stringifyJSON
      },
      {
        identify: intIdentify,
        default: true,
        tag: "tag:yaml.org,2002:int",
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str, 10),
        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
      },
      {
        identify: (value) => typeof value === "number",
        default: true,
        tag: "tag:yaml.org,2002:float",
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: (str) => parseFloat(str),
        stringify: stringifyJSON
      }
    ];
    var jsonError = {
      default: true,
      tag: "",
      test: /^/,
      resolve(str, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str)}`);
        return str;
      }
    };
    var schema = [map.map, seq.seq].concat(jsonScalars, jsonError);
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/binary.js
var require_binary = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/binary.js"(exports) {
    "use strict";
    var node_buffer = __require("buffer");
    var Scalar = require_Scalar();
    var stringifyString = require_stringifyString();
    var binary = {
      identify: (value) => value instanceof Uint8Array,
      // Buffer inherits from Uint8Array
      default: false,
      tag: "tag:yaml.org,2002:binary",
      /**
       * Returns a Buffer in node and an Uint8Array in browsers
       *
       * To use the resulting buffer as an image, you'll want to do something like:
       *
       *   const blob = new Blob([buffer], { type: 'image/jpeg' })
       *   document.querySelector('#photo').src = URL.createObjectURL(blob)
       */
      resolve(src, onError) {
        if (typeof node_buffer.Buffer === "function") {
          return node_buffer.Buffer.from(src, "base64");
        } else if (typeof atob === "function") {
          const str = atob(src.replace(/[\n\r]/g, ""));
          const buffer = new Uint8Array(str.length);
          for (let i = 0; i < str.length; ++i)
            buffer[i] = str.charCodeAt(i);
          return buffer;
        } else {
          onError("This environment does not support reading binary tags; either Buffer or atob is required");
          return src;
        }
      },
      stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
        if (!value)
          return "";
        const buf = value;
        let str;
        if (typeof node_buffer.Buffer === "function") {
          str = buf instanceof node_buffer.Buffer ? buf.toString("base64") : node_buffer.Buffer.from(buf.buffer).toString("base64");
        } else if (typeof btoa === "function") {
          let s = "";
          for (let i = 0; i < buf.length; ++i)
            s += String.fromCharCode(buf[i]);
          str = btoa(s);
        } else {
          throw new Error("This environment does not support writing binary tags; either Buffer or btoa is required");
        }
        type ?? (type = Scalar.Scalar.BLOCK_LITERAL);
        if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
          const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
          const n = Math.ceil(str.length / lineWidth);
          const lines = new Array(n);
          for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
            lines[i] = str.substr(o, lineWidth);
          }
          str = lines.join(type === Scalar.Scalar.BLOCK_LITERAL ? "\n" : " ");
        }
        return stringifyString.stringifyString({ comment, type, value: str }, ctx, onComment, onChompKeep);
      }
    };
    exports.binary = binary;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/pairs.js
var require_pairs = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/pairs.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLSeq = require_YAMLSeq();
    function resolvePairs(seq, onError) {
      if (identity.isSeq(seq)) {
        for (let i = 0; i < seq.items.length; ++i) {
          let item = seq.items[i];
          if (identity.isPair(item))
            continue;
          else if (identity.isMap(item)) {
            if (item.items.length > 1)
              onError("Each pair must have its own sequence indicator");
            const pair = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
            if (item.commentBefore)
              pair.key.commentBefore = pair.key.commentBefore ? `${item.commentBefore}
${pair.key.commentBefore}` : item.commentBefore;
            if (item.comment) {
              const cn = pair.value ?? pair.key;
              cn.comment = cn.comment ? `${item.comment}
${cn.comment}` : item.comment;
            }
            item = pair;
          }
          seq.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
        }
      } else
        onError("Expected a sequence for this tag");
      return seq;
    }
    function createPairs(schema, iterable, ctx) {
      const { replacer } = ctx;
      const pairs2 = new YAMLSeq.YAMLSeq(schema);
      pairs2.tag = "tag:yaml.org,2002:pairs";
      let i = 0;
      if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
          if (typeof replacer === "function")
            it = replacer.call(iterable, String(i++), it);
          let key, value;
          if (Array.isArray(it)) {
            if (it.length === 2) {
              key = it[0];
              value = it[1];
            } else
              throw new TypeError(`Expected [key, value] tuple: ${it}`);
          } else if (it && it instanceof Object) {
            const keys = Object.keys(it);
            if (keys.length === 1) {
              key = keys[0];
              value = it[key];
            } else {
              throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
            }
          } else {
            key = it;
          }
          pairs2.items.push(Pair.createPair(key, value, ctx));
        }
      return pairs2;
    }
    var pairs = {
      collection: "seq",
      default: false,
      tag: "tag:yaml.org,2002:pairs",
      resolve: resolvePairs,
      createNode: createPairs
    };
    exports.createPairs = createPairs;
    exports.pairs = pairs;
    exports.resolvePairs = resolvePairs;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/omap.js
var require_omap = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/omap.js"(exports) {
    "use strict";
    var identity = require_identity();
    var toJS = require_toJS();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var pairs = require_pairs();
    var YAMLOMap = class _YAMLOMap extends YAMLSeq.YAMLSeq {
      constructor() {
        super();
        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
        this.tag = _YAMLOMap.tag;
      }
      /**
       * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
       * but TypeScript won't allow widening the signature of a child method.
       */
      toJSON(_, ctx) {
        if (!ctx)
          return super.toJSON(_);
        const map = /* @__PURE__ */ new Map();
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const pair of this.items) {
          let key, value;
          if (identity.isPair(pair)) {
            key = toJS.toJS(pair.key, "", ctx);
            value = toJS.toJS(pair.value, key, ctx);
          } else {
            key = toJS.toJS(pair, "", ctx);
          }
          if (map.has(key))
            throw new Error("Ordered maps must not include duplicate keys");
          map.set(key, value);
        }
        return map;
      }
      static from(schema, iterable, ctx) {
        const pairs$1 = pairs.createPairs(schema, iterable, ctx);
        const omap2 = new this();
        omap2.items = pairs$1.items;
        return omap2;
      }
    };
    YAMLOMap.tag = "tag:yaml.org,2002:omap";
    var omap = {
      collection: "seq",
      identify: (value) => value instanceof Map,
      nodeClass: YAMLOMap,
      default: false,
      tag: "tag:yaml.org,2002:omap",
      resolve(seq, onError) {
        const pairs$1 = pairs.resolvePairs(seq, onError);
        const seenKeys = [];
        for (const { key } of pairs$1.items) {
          if (identity.isScalar(key)) {
            if (seenKeys.includes(key.value)) {
              onError(`Ordered maps must not include duplicate keys: ${key.value}`);
            } else {
              seenKeys.push(key.value);
            }
          }
        }
        return Object.assign(new YAMLOMap(), pairs$1);
      },
      createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
    };
    exports.YAMLOMap = YAMLOMap;
    exports.omap = omap;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/bool.js
var require_bool2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function boolStringify({ value, source }, ctx) {
      const boolObj = value ? trueTag : falseTag;
      if (source && boolObj.test.test(source))
        return source;
      return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
    var trueTag = {
      identify: (value) => value === true,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
      resolve: () => new Scalar.Scalar(true),
      stringify: boolStringify
    };
    var falseTag = {
      identify: (value) => value === false,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
      resolve: () => new Scalar.Scalar(false),
      stringify: boolStringify
    };
    exports.falseTag = falseTag;
    exports.trueTag = trueTag;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/float.js
var require_float2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str) => str.slice(-3).toLowerCase() === "nan" ? NaN : str[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
      resolve: (str) => parseFloat(str.replace(/_/g, "")),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
      resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str.replace(/_/g, "")));
        const dot = str.indexOf(".");
        if (dot !== -1) {
          const f = str.substring(dot + 1).replace(/_/g, "");
          if (f[f.length - 1] === "0")
            node.minFractionDigits = f.length;
        }
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/int.js
var require_int2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    function intResolve(str, offset, radix, { intAsBigInt }) {
      const sign = str[0];
      if (sign === "-" || sign === "+")
        offset += 1;
      str = str.substring(offset).replace(/_/g, "");
      if (intAsBigInt) {
        switch (radix) {
          case 2:
            str = `0b${str}`;
            break;
          case 8:
            str = `0o${str}`;
            break;
          case 16:
            str = `0x${str}`;
            break;
        }
        const n2 = BigInt(str);
        return sign === "-" ? BigInt(-1) * n2 : n2;
      }
      const n = parseInt(str, radix);
      return sign === "-" ? -1 * n : n;
    }
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value)) {
        const str = value.toString(radix);
        return value < 0 ? "-" + prefix + str.substr(1) : prefix + str;
      }
      return stringifyNumber.stringifyNumber(node);
    }
    var intBin = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "BIN",
      test: /^[-+]?0b[0-1_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 2, opt),
      stringify: (node) => intStringify(node, 2, "0b")
    };
    var intOct = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^[-+]?0[0-7_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 1, 8, opt),
      stringify: (node) => intStringify(node, 8, "0")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9][0-9_]*$/,
      resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^[-+]?0x[0-9a-fA-F_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int;
    exports.intBin = intBin;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/set.js
var require_set = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/set.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSet = class _YAMLSet extends YAMLMap.YAMLMap {
      constructor(schema) {
        super(schema);
        this.tag = _YAMLSet.tag;
      }
      add(key) {
        let pair;
        if (identity.isPair(key))
          pair = key;
        else if (key && typeof key === "object" && "key" in key && "value" in key && key.value === null)
          pair = new Pair.Pair(key.key, null);
        else
          pair = new Pair.Pair(key, null);
        const prev = YAMLMap.findPair(this.items, pair.key);
        if (!prev)
          this.items.push(pair);
      }
      /**
       * If `keepPair` is `true`, returns the Pair matching `key`.
       * Otherwise, returns the value of that Pair's key.
       */
      get(key, keepPair) {
        const pair = YAMLMap.findPair(this.items, key);
        return !keepPair && identity.isPair(pair) ? identity.isScalar(pair.key) ? pair.key.value : pair.key : pair;
      }
      set(key, value) {
        if (typeof value !== "boolean")
          throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = YAMLMap.findPair(this.items, key);
        if (prev && !value) {
          this.items.splice(this.items.indexOf(prev), 1);
        } else if (!prev && value) {
          this.items.push(new Pair.Pair(key));
        }
      }
      toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        if (this.hasAllNullValues(true))
          return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
          throw new Error("Set items must all have null values");
      }
      static from(schema, iterable, ctx) {
        const { replacer } = ctx;
        const set2 = new this(schema);
        if (iterable && Symbol.iterator in Object(iterable))
          for (let value of iterable) {
            if (typeof replacer === "function")
              value = replacer.call(iterable, value, value);
            set2.items.push(Pair.createPair(value, null, ctx));
          }
        return set2;
      }
    };
    YAMLSet.tag = "tag:yaml.org,2002:set";
    var set = {
      collection: "map",
      identify: (value) => value instanceof Set,
      nodeClass: YAMLSet,
      default: false,
      tag: "tag:yaml.org,2002:set",
      createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
      resolve(map, onError) {
        if (identity.isMap(map)) {
          if (map.hasAllNullValues(true))
            return Object.assign(new YAMLSet(), map);
          else
            onError("Set items must all have null values");
        } else
          onError("Expected a mapping for this tag");
        return map;
      }
    };
    exports.YAMLSet = YAMLSet;
    exports.set = set;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/timestamp.js
var require_timestamp = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/timestamp.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    function parseSexagesimal(str, asBigInt) {
      const sign = str[0];
      const parts = sign === "-" || sign === "+" ? str.substring(1) : str;
      const num = (n) => asBigInt ? BigInt(n) : Number(n);
      const res = parts.replace(/_/g, "").split(":").reduce((res2, p) => res2 * num(60) + num(p), num(0));
      return sign === "-" ? num(-1) * res : res;
    }
    function stringifySexagesimal(node) {
      let { value } = node;
      let num = (n) => n;
      if (typeof value === "bigint")
        num = (n) => BigInt(n);
      else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node);
      let sign = "";
      if (value < 0) {
        sign = "-";
        value *= num(-1);
      }
      const _60 = num(60);
      const parts = [value % _60];
      if (value < 60) {
        parts.unshift(0);
      } else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60);
        if (value >= 60) {
          value = (value - parts[0]) / _60;
          parts.unshift(value);
        }
      }
      return sign + parts.map((n) => String(n).padStart(2, "0")).join(":").replace(/000000\d*$/, "");
    }
    var intTime = {
      identify: (value) => typeof value === "bigint" || Number.isInteger(value),
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
      resolve: (str, _onError, { intAsBigInt }) => parseSexagesimal(str, intAsBigInt),
      stringify: stringifySexagesimal
    };
    var floatTime = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
      resolve: (str) => parseSexagesimal(str, false),
      stringify: stringifySexagesimal
    };
    var timestamp = {
      identify: (value) => value instanceof Date,
      default: true,
      tag: "tag:yaml.org,2002:timestamp",
      // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
      // may be omitted altogether, resulting in a date format. In such a case, the time part is
      // assumed to be 00:00:00Z (start of day, UTC).
      test: RegExp("^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \\t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$"),
      resolve(str) {
        const match = str.match(timestamp.test);
        if (!match)
          throw new Error("!!timestamp expects a date, starting with yyyy-mm-dd");
        const [, year, month, day, hour, minute, second] = match.map(Number);
        const millisec = match[7] ? Number((match[7] + "00").substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match[8];
        if (tz && tz !== "Z") {
          let d = parseSexagesimal(tz, false);
          if (Math.abs(d) < 30)
            d *= 60;
          date -= 6e4 * d;
        }
        return new Date(date);
      },
      stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, "") ?? ""
    };
    exports.floatTime = floatTime;
    exports.intTime = intTime;
    exports.timestamp = timestamp;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/schema.js
var require_schema3 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var binary = require_binary();
    var bool = require_bool2();
    var float = require_float2();
    var int = require_int2();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var set = require_set();
    var timestamp = require_timestamp();
    var schema = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool.trueTag,
      bool.falseTag,
      int.intBin,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float,
      binary.binary,
      merge.merge,
      omap.omap,
      pairs.pairs,
      set.set,
      timestamp.intTime,
      timestamp.floatTime,
      timestamp.timestamp
    ];
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/tags.js
var require_tags = __commonJS({
  "node_modules/yaml/dist/schema/tags.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool = require_bool();
    var float = require_float();
    var int = require_int();
    var schema = require_schema();
    var schema$1 = require_schema2();
    var binary = require_binary();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var schema$2 = require_schema3();
    var set = require_set();
    var timestamp = require_timestamp();
    var schemas = /* @__PURE__ */ new Map([
      ["core", schema.schema],
      ["failsafe", [map.map, seq.seq, string.string]],
      ["json", schema$1.schema],
      ["yaml11", schema$2.schema],
      ["yaml-1.1", schema$2.schema]
    ]);
    var tagsByName = {
      binary: binary.binary,
      bool: bool.boolTag,
      float: float.float,
      floatExp: float.floatExp,
      floatNaN: float.floatNaN,
      floatTime: timestamp.floatTime,
      int: int.int,
      intHex: int.intHex,
      intOct: int.intOct,
      intTime: timestamp.intTime,
      map: map.map,
      merge: merge.merge,
      null: _null.nullTag,
      omap: omap.omap,
      pairs: pairs.pairs,
      seq: seq.seq,
      set: set.set,
      timestamp: timestamp.timestamp
    };
    var coreKnownTags = {
      "tag:yaml.org,2002:binary": binary.binary,
      "tag:yaml.org,2002:merge": merge.merge,
      "tag:yaml.org,2002:omap": omap.omap,
      "tag:yaml.org,2002:pairs": pairs.pairs,
      "tag:yaml.org,2002:set": set.set,
      "tag:yaml.org,2002:timestamp": timestamp.timestamp
    };
    function getTags(customTags, schemaName, addMergeTag) {
      const schemaTags = schemas.get(schemaName);
      if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge.merge) ? schemaTags.concat(merge.merge) : schemaTags.slice();
      }
      let tags = schemaTags;
      if (!tags) {
        if (Array.isArray(customTags))
          tags = [];
        else {
          const keys = Array.from(schemas.keys()).filter((key) => key !== "yaml11").map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
        }
      }
      if (Array.isArray(customTags)) {
        for (const tag of customTags)
          tags = tags.concat(tag);
      } else if (typeof customTags === "function") {
        tags = customTags(tags.slice());
      }
      if (addMergeTag)
        tags = tags.concat(merge.merge);
      return tags.reduce((tags2, tag) => {
        const tagObj = typeof tag === "string" ? tagsByName[tag] : tag;
        if (!tagObj) {
          const tagName = JSON.stringify(tag);
          const keys = Object.keys(tagsByName).map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
        }
        if (!tags2.includes(tagObj))
          tags2.push(tagObj);
        return tags2;
      }, []);
    }
    exports.coreKnownTags = coreKnownTags;
    exports.getTags = getTags;
  }
});

// node_modules/yaml/dist/schema/Schema.js
var require_Schema = __commonJS({
  "node_modules/yaml/dist/schema/Schema.js"(exports) {
    "use strict";
    var identity = require_identity();
    var map = require_map();
    var seq = require_seq();
    var string = require_string();
    var tags = require_tags();
    var sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    var Schema = class _Schema {
      constructor({ compat, customTags, merge, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat) ? tags.getTags(compat, "compat") : compat ? tags.getTags(null, compat) : null;
        this.name = typeof schema === "string" && schema || "core";
        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
        this.tags = tags.getTags(customTags, this.name, merge);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, identity.MAP, { value: map.map });
        Object.defineProperty(this, identity.SCALAR, { value: string.string });
        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
        this.sortMapEntries = typeof sortMapEntries === "function" ? sortMapEntries : sortMapEntries === true ? sortMapEntriesByKey : null;
      }
      clone() {
        const copy = Object.create(_Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
      }
    };
    exports.Schema = Schema;
  }
});

// node_modules/yaml/dist/stringify/stringifyDocument.js
var require_stringifyDocument = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyDocument.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyDocument(doc, options) {
      const lines = [];
      let hasDirectives = options.directives === true;
      if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
          lines.push(dir);
          hasDirectives = true;
        } else if (doc.directives.docStart)
          hasDirectives = true;
      }
      if (hasDirectives)
        lines.push("---");
      const ctx = stringify.createStringifyContext(doc, options);
      const { commentString } = ctx.options;
      if (doc.commentBefore) {
        if (lines.length !== 1)
          lines.unshift("");
        const cs = commentString(doc.commentBefore);
        lines.unshift(stringifyComment.indentComment(cs, ""));
      }
      let chompKeep = false;
      let contentComment = null;
      if (doc.contents) {
        if (identity.isNode(doc.contents)) {
          if (doc.contents.spaceBefore && hasDirectives)
            lines.push("");
          if (doc.contents.commentBefore) {
            const cs = commentString(doc.contents.commentBefore);
            lines.push(stringifyComment.indentComment(cs, ""));
          }
          ctx.forceBlockIndent = !!doc.comment;
          contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? void 0 : () => chompKeep = true;
        let body = stringify.stringify(doc.contents, ctx, () => contentComment = null, onChompKeep);
        if (contentComment)
          body += stringifyComment.lineComment(body, "", commentString(contentComment));
        if ((body[0] === "|" || body[0] === ">") && lines[lines.length - 1] === "---") {
          lines[lines.length - 1] = `--- ${body}`;
        } else
          lines.push(body);
      } else {
        lines.push(stringify.stringify(doc.contents, ctx));
      }
      if (doc.directives?.docEnd) {
        if (doc.comment) {
          const cs = commentString(doc.comment);
          if (cs.includes("\n")) {
            lines.push("...");
            lines.push(stringifyComment.indentComment(cs, ""));
          } else {
            lines.push(`... ${cs}`);
          }
        } else {
          lines.push("...");
        }
      } else {
        let dc = doc.comment;
        if (dc && chompKeep)
          dc = dc.replace(/^\n+/, "");
        if (dc) {
          if ((!chompKeep || contentComment) && lines[lines.length - 1] !== "")
            lines.push("");
          lines.push(stringifyComment.indentComment(commentString(dc), ""));
        }
      }
      return lines.join("\n") + "\n";
    }
    exports.stringifyDocument = stringifyDocument;
  }
});

// node_modules/yaml/dist/doc/Document.js
var require_Document = __commonJS({
  "node_modules/yaml/dist/doc/Document.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var toJS = require_toJS();
    var Schema = require_Schema();
    var stringifyDocument = require_stringifyDocument();
    var anchors = require_anchors();
    var applyReviver = require_applyReviver();
    var createNode = require_createNode();
    var directives = require_directives();
    var Document = class _Document {
      constructor(value, replacer, options) {
        this.commentBefore = null;
        this.comment = null;
        this.errors = [];
        this.warnings = [];
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
        let _replacer = null;
        if (typeof replacer === "function" || Array.isArray(replacer)) {
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const opt = Object.assign({
          intAsBigInt: false,
          keepSourceTokens: false,
          logLevel: "warn",
          prettyErrors: true,
          strict: true,
          stringKeys: false,
          uniqueKeys: true,
          version: "1.2"
        }, options);
        this.options = opt;
        let { version: version2 } = opt;
        if (options?._directives) {
          this.directives = options._directives.atDocument();
          if (this.directives.yaml.explicit)
            version2 = this.directives.yaml.version;
        } else
          this.directives = new directives.Directives({ version: version2 });
        this.setSchema(version2, options);
        this.contents = value === void 0 ? null : this.createNode(value, _replacer, options);
      }
      /**
       * Create a deep copy of this Document and its contents.
       *
       * Custom Node values that inherit from `Object` still refer to their original instances.
       */
      clone() {
        const copy = Object.create(_Document.prototype, {
          [identity.NODE_TYPE]: { value: identity.DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
          copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        copy.contents = identity.isNode(this.contents) ? this.contents.clone(copy.schema) : this.contents;
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** Adds a value to the document. */
      add(value) {
        if (assertCollection(this.contents))
          this.contents.add(value);
      }
      /** Adds a value to the document. */
      addIn(path, value) {
        if (assertCollection(this.contents))
          this.contents.addIn(path, value);
      }
      /**
       * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
       *
       * If `node` already has an anchor, `name` is ignored.
       * Otherwise, the `node.anchor` value will be set to `name`,
       * or if an anchor with that name is already present in the document,
       * `name` will be used as a prefix for a new unique anchor.
       * If `name` is undefined, the generated anchor will use 'a' as a prefix.
       */
      createAlias(node, name) {
        if (!node.anchor) {
          const prev = anchors.anchorNames(this);
          node.anchor = // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          !name || prev.has(name) ? anchors.findNewAnchor(name || "a", prev) : name;
        }
        return new Alias.Alias(node.anchor);
      }
      createNode(value, replacer, options) {
        let _replacer = void 0;
        if (typeof replacer === "function") {
          value = replacer.call({ "": value }, "", value);
          _replacer = replacer;
        } else if (Array.isArray(replacer)) {
          const keyToStr = (v) => typeof v === "number" || v instanceof String || v instanceof Number;
          const asStr = replacer.filter(keyToStr).map(String);
          if (asStr.length > 0)
            replacer = replacer.concat(asStr);
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(
          this,
          // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          anchorPrefix || "a"
        );
        const ctx = {
          aliasDuplicateObjects: aliasDuplicateObjects ?? true,
          keepUndefined: keepUndefined ?? false,
          onAnchor,
          onTagObj,
          replacer: _replacer,
          schema: this.schema,
          sourceObjects
        };
        const node = createNode.createNode(value, tag, ctx);
        if (flow && identity.isCollection(node))
          node.flow = true;
        setAnchors();
        return node;
      }
      /**
       * Convert a key and a value into a `Pair` using the current schema,
       * recursively wrapping all values as `Scalar` or `Collection` nodes.
       */
      createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair.Pair(k, v);
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path) {
        if (Collection.isEmptyPath(path)) {
          if (this.contents == null)
            return false;
          this.contents = null;
          return true;
        }
        return assertCollection(this.contents) ? this.contents.deleteIn(path) : false;
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      get(key, keepScalar) {
        return identity.isCollection(this.contents) ? this.contents.get(key, keepScalar) : void 0;
      }
      /**
       * Returns item at `path`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path, keepScalar) {
        if (Collection.isEmptyPath(path))
          return !keepScalar && identity.isScalar(this.contents) ? this.contents.value : this.contents;
        return identity.isCollection(this.contents) ? this.contents.getIn(path, keepScalar) : void 0;
      }
      /**
       * Checks if the document includes a value with the key `key`.
       */
      has(key) {
        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
      }
      /**
       * Checks if the document includes a value at `path`.
       */
      hasIn(path) {
        if (Collection.isEmptyPath(path))
          return this.contents !== void 0;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path) : false;
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      set(key, value) {
        if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, [key], value);
        } else if (assertCollection(this.contents)) {
          this.contents.set(key, value);
        }
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path, value) {
        if (Collection.isEmptyPath(path)) {
          this.contents = value;
        } else if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, Array.from(path), value);
        } else if (assertCollection(this.contents)) {
          this.contents.setIn(path, value);
        }
      }
      /**
       * Change the YAML version and schema used by the document.
       * A `null` version disables support for directives, explicit tags, anchors, and aliases.
       * It also requires the `schema` option to be given as a `Schema` instance value.
       *
       * Overrides all previously set schema options.
       */
      setSchema(version2, options = {}) {
        if (typeof version2 === "number")
          version2 = String(version2);
        let opt;
        switch (version2) {
          case "1.1":
            if (this.directives)
              this.directives.yaml.version = "1.1";
            else
              this.directives = new directives.Directives({ version: "1.1" });
            opt = { resolveKnownTags: false, schema: "yaml-1.1" };
            break;
          case "1.2":
          case "next":
            if (this.directives)
              this.directives.yaml.version = version2;
            else
              this.directives = new directives.Directives({ version: version2 });
            opt = { resolveKnownTags: true, schema: "core" };
            break;
          case null:
            if (this.directives)
              delete this.directives;
            opt = null;
            break;
          default: {
            const sv = JSON.stringify(version2);
            throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
          }
        }
        if (options.schema instanceof Object)
          this.schema = options.schema;
        else if (opt)
          this.schema = new Schema.Schema(Object.assign(opt, options));
        else
          throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
      }
      // json & jsonArg are only used from toJSON()
      toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc: this,
          keep: !json,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this.contents, jsonArg ?? "", ctx);
        if (typeof onAnchor === "function")
          for (const { count: count2, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count2);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
      /**
       * A JSON representation of the document `contents`.
       *
       * @param jsonArg Used by `JSON.stringify` to indicate the array index or
       *   property name.
       */
      toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
      }
      /** A YAML representation of the document. */
      toString(options = {}) {
        if (this.errors.length > 0)
          throw new Error("Document with errors cannot be stringified");
        if ("indent" in options && (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
          const s = JSON.stringify(options.indent);
          throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument.stringifyDocument(this, options);
      }
    };
    function assertCollection(contents) {
      if (identity.isCollection(contents))
        return true;
      throw new Error("Expected a YAML collection as document contents");
    }
    exports.Document = Document;
  }
});

// node_modules/yaml/dist/errors.js
var require_errors = __commonJS({
  "node_modules/yaml/dist/errors.js"(exports) {
    "use strict";
    var YAMLError = class extends Error {
      constructor(name, pos, code, message2) {
        super();
        this.name = name;
        this.code = code;
        this.message = message2;
        this.pos = pos;
      }
    };
    var YAMLParseError = class extends YAMLError {
      constructor(pos, code, message2) {
        super("YAMLParseError", pos, code, message2);
      }
    };
    var YAMLWarning = class extends YAMLError {
      constructor(pos, code, message2) {
        super("YAMLWarning", pos, code, message2);
      }
    };
    var prettifyError = (src, lc) => (error) => {
      if (error.pos[0] === -1)
        return;
      error.linePos = error.pos.map((pos) => lc.linePos(pos));
      const { line, col } = error.linePos[0];
      error.message += ` at line ${line}, column ${col}`;
      let ci = col - 1;
      let lineStr = src.substring(lc.lineStarts[line - 1], lc.lineStarts[line]).replace(/[\n\r]+$/, "");
      if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = "\u2026" + lineStr.substring(trimStart);
        ci -= trimStart - 1;
      }
      if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + "\u2026";
      if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
          prev = prev.substring(0, 79) + "\u2026\n";
        lineStr = prev + lineStr;
      }
      if (/[^ ]/.test(lineStr)) {
        let count2 = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
          count2 = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = " ".repeat(ci) + "^".repeat(count2);
        error.message += `:

${lineStr}
${pointer}
`;
      }
    };
    exports.YAMLError = YAMLError;
    exports.YAMLParseError = YAMLParseError;
    exports.YAMLWarning = YAMLWarning;
    exports.prettifyError = prettifyError;
  }
});

// node_modules/yaml/dist/compose/resolve-props.js
var require_resolve_props = __commonJS({
  "node_modules/yaml/dist/compose/resolve-props.js"(exports) {
    "use strict";
    function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
      let spaceBefore = false;
      let atNewline = startOnNewline;
      let hasSpace = startOnNewline;
      let comment = "";
      let commentSep = "";
      let hasNewline = false;
      let reqSpace = false;
      let tab = null;
      let anchor = null;
      let tag = null;
      let newlineAfterProp = null;
      let comma = null;
      let found = null;
      let start = null;
      for (const token of tokens) {
        if (reqSpace) {
          if (token.type !== "space" && token.type !== "newline" && token.type !== "comma")
            onError(token.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
          reqSpace = false;
        }
        if (tab) {
          if (atNewline && token.type !== "comment" && token.type !== "newline") {
            onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
          }
          tab = null;
        }
        switch (token.type) {
          case "space":
            if (!flow && (indicator !== "doc-start" || next?.type !== "flow-collection") && token.source.includes("	")) {
              tab = token;
            }
            hasSpace = true;
            break;
          case "comment": {
            if (!hasSpace)
              onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
            const cb = token.source.substring(1) || " ";
            if (!comment)
              comment = cb;
            else
              comment += commentSep + cb;
            commentSep = "";
            atNewline = false;
            break;
          }
          case "newline":
            if (atNewline) {
              if (comment)
                comment += token.source;
              else if (!found || indicator !== "seq-item-ind")
                spaceBefore = true;
            } else
              commentSep += token.source;
            atNewline = true;
            hasNewline = true;
            if (anchor || tag)
              newlineAfterProp = token;
            hasSpace = true;
            break;
          case "anchor":
            if (anchor)
              onError(token, "MULTIPLE_ANCHORS", "A node can have at most one anchor");
            if (token.source.endsWith(":"))
              onError(token.offset + token.source.length - 1, "BAD_ALIAS", "Anchor ending in : is ambiguous", true);
            anchor = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          case "tag": {
            if (tag)
              onError(token, "MULTIPLE_TAGS", "A node can have at most one tag");
            tag = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          }
          case indicator:
            if (anchor || tag)
              onError(token, "BAD_PROP_ORDER", `Anchors and tags must be after the ${token.source} indicator`);
            if (found)
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.source} in ${flow ?? "collection"}`);
            found = token;
            atNewline = indicator === "seq-item-ind" || indicator === "explicit-key-ind";
            hasSpace = false;
            break;
          case "comma":
            if (flow) {
              if (comma)
                onError(token, "UNEXPECTED_TOKEN", `Unexpected , in ${flow}`);
              comma = token;
              atNewline = false;
              hasSpace = false;
              break;
            }
          // else fallthrough
          default:
            onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.type} token`);
            atNewline = false;
            hasSpace = false;
        }
      }
      const last = tokens[tokens.length - 1];
      const end = last ? last.offset + last.source.length : offset;
      if (reqSpace && next && next.type !== "space" && next.type !== "newline" && next.type !== "comma" && (next.type !== "scalar" || next.source !== "")) {
        onError(next.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
      }
      if (tab && (atNewline && tab.indent <= parentIndent || next?.type === "block-map" || next?.type === "block-seq"))
        onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
      return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor,
        tag,
        newlineAfterProp,
        end,
        start: start ?? end
      };
    }
    exports.resolveProps = resolveProps;
  }
});

// node_modules/yaml/dist/compose/util-contains-newline.js
var require_util_contains_newline = __commonJS({
  "node_modules/yaml/dist/compose/util-contains-newline.js"(exports) {
    "use strict";
    function containsNewline(key) {
      if (!key)
        return null;
      switch (key.type) {
        case "alias":
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          if (key.source.includes("\n"))
            return true;
          if (key.end) {
            for (const st of key.end)
              if (st.type === "newline")
                return true;
          }
          return false;
        case "flow-collection":
          for (const it of key.items) {
            for (const st of it.start)
              if (st.type === "newline")
                return true;
            if (it.sep) {
              for (const st of it.sep)
                if (st.type === "newline")
                  return true;
            }
            if (containsNewline(it.key) || containsNewline(it.value))
              return true;
          }
          return false;
        default:
          return true;
      }
    }
    exports.containsNewline = containsNewline;
  }
});

// node_modules/yaml/dist/compose/util-flow-indent-check.js
var require_util_flow_indent_check = __commonJS({
  "node_modules/yaml/dist/compose/util-flow-indent-check.js"(exports) {
    "use strict";
    var utilContainsNewline = require_util_contains_newline();
    function flowIndentCheck(indent, fc, onError) {
      if (fc?.type === "flow-collection") {
        const end = fc.end[0];
        if (end.indent === indent && (end.source === "]" || end.source === "}") && utilContainsNewline.containsNewline(fc)) {
          const msg = "Flow end indicator should be more indented than parent";
          onError(end, "BAD_INDENT", msg, true);
        }
      }
    }
    exports.flowIndentCheck = flowIndentCheck;
  }
});

// node_modules/yaml/dist/compose/util-map-includes.js
var require_util_map_includes = __commonJS({
  "node_modules/yaml/dist/compose/util-map-includes.js"(exports) {
    "use strict";
    var identity = require_identity();
    function mapIncludes(ctx, items, search) {
      const { uniqueKeys } = ctx.options;
      if (uniqueKeys === false)
        return false;
      const isEqual = typeof uniqueKeys === "function" ? uniqueKeys : (a, b) => a === b || identity.isScalar(a) && identity.isScalar(b) && a.value === b.value;
      return items.some((pair) => isEqual(pair.key, search));
    }
    exports.mapIncludes = mapIncludes;
  }
});

// node_modules/yaml/dist/compose/resolve-block-map.js
var require_resolve_block_map = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-map.js"(exports) {
    "use strict";
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    var utilMapIncludes = require_util_map_includes();
    var startColMsg = "All mapping items must start at the same column";
    function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
      const map = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      let offset = bm.offset;
      let commentEnd2 = null;
      for (const collItem of bm.items) {
        const { start, key, sep, value } = collItem;
        const keyProps = resolveProps.resolveProps(start, {
          indicator: "explicit-key-ind",
          next: key ?? sep?.[0],
          offset,
          onError,
          parentIndent: bm.indent,
          startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
          if (key) {
            if (key.type === "block-seq")
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "A block sequence may not be used as an implicit map key");
            else if ("indent" in key && key.indent !== bm.indent)
              onError(offset, "BAD_INDENT", startColMsg);
          }
          if (!keyProps.anchor && !keyProps.tag && !sep) {
            commentEnd2 = keyProps.end;
            if (keyProps.comment) {
              if (map.comment)
                map.comment += "\n" + keyProps.comment;
              else
                map.comment = keyProps.comment;
            }
            continue;
          }
          if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
            onError(key ?? start[start.length - 1], "MULTILINE_IMPLICIT_KEY", "Implicit keys need to be on a single line");
          }
        } else if (keyProps.found?.indent !== bm.indent) {
          onError(offset, "BAD_INDENT", startColMsg);
        }
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key ? composeNode(ctx, key, keyProps, onError) : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
        ctx.atKey = false;
        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
          onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
        const valueProps = resolveProps.resolveProps(sep ?? [], {
          indicator: "map-value-ind",
          next: value,
          offset: keyNode.range[2],
          onError,
          parentIndent: bm.indent,
          startOnNewline: !key || key.type === "block-scalar"
        });
        offset = valueProps.end;
        if (valueProps.found) {
          if (implicitKey) {
            if (value?.type === "block-map" && !valueProps.hasNewline)
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "Nested mappings are not allowed in compact mappings");
            if (ctx.options.strict && keyProps.start < valueProps.found.offset - 1024)
              onError(keyNode.range, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit block mapping key");
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : composeEmptyNode(ctx, offset, sep, null, valueProps, onError);
          if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
          offset = valueNode.range[2];
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        } else {
          if (implicitKey)
            onError(keyNode.range, "MISSING_CHAR", "Implicit map keys need to be followed by map values");
          if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        }
      }
      if (commentEnd2 && commentEnd2 < offset)
        onError(commentEnd2, "IMPOSSIBLE", "Map comment with trailing content");
      map.range = [bm.offset, offset, commentEnd2 ?? offset];
      return map;
    }
    exports.resolveBlockMap = resolveBlockMap;
  }
});

// node_modules/yaml/dist/compose/resolve-block-seq.js
var require_resolve_block_seq = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-seq.js"(exports) {
    "use strict";
    var YAMLSeq = require_YAMLSeq();
    var resolveProps = require_resolve_props();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
      const seq = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = bs.offset;
      let commentEnd2 = null;
      for (const { start, value } of bs.items) {
        const props = resolveProps.resolveProps(start, {
          indicator: "seq-item-ind",
          next: value,
          offset,
          onError,
          parentIndent: bs.indent,
          startOnNewline: true
        });
        if (!props.found) {
          if (props.anchor || props.tag || value) {
            if (value?.type === "block-seq")
              onError(props.end, "BAD_INDENT", "All sequence items must start at the same column");
            else
              onError(offset, "MISSING_CHAR", "Sequence item without - indicator");
          } else {
            commentEnd2 = props.end;
            if (props.comment)
              seq.comment = props.comment;
            continue;
          }
        }
        const node = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, start, null, props, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
        offset = node.range[2];
        seq.items.push(node);
      }
      seq.range = [bs.offset, offset, commentEnd2 ?? offset];
      return seq;
    }
    exports.resolveBlockSeq = resolveBlockSeq;
  }
});

// node_modules/yaml/dist/compose/resolve-end.js
var require_resolve_end = __commonJS({
  "node_modules/yaml/dist/compose/resolve-end.js"(exports) {
    "use strict";
    function resolveEnd(end, offset, reqSpace, onError) {
      let comment = "";
      if (end) {
        let hasSpace = false;
        let sep = "";
        for (const token of end) {
          const { source, type } = token;
          switch (type) {
            case "space":
              hasSpace = true;
              break;
            case "comment": {
              if (reqSpace && !hasSpace)
                onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
              const cb = source.substring(1) || " ";
              if (!comment)
                comment = cb;
              else
                comment += sep + cb;
              sep = "";
              break;
            }
            case "newline":
              if (comment)
                sep += source;
              hasSpace = true;
              break;
            default:
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${type} at node end`);
          }
          offset += source.length;
        }
      }
      return { comment, offset };
    }
    exports.resolveEnd = resolveEnd;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-collection.js
var require_resolve_flow_collection = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilMapIncludes = require_util_map_includes();
    var blockMsg = "Block collections are not allowed within flow collections";
    var isBlock = (token) => token && (token.type === "block-map" || token.type === "block-seq");
    function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
      const isMap = fc.start.source === "{";
      const fcName = isMap ? "flow map" : "flow sequence";
      const NodeClass = tag?.nodeClass ?? (isMap ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq);
      const coll = new NodeClass(ctx.schema);
      coll.flow = true;
      const atRoot = ctx.atRoot;
      if (atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = fc.offset + fc.start.source.length;
      for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start, key, sep, value } = collItem;
        const props = resolveProps.resolveProps(start, {
          flow: fcName,
          indicator: "explicit-key-ind",
          next: key ?? sep?.[0],
          offset,
          onError,
          parentIndent: fc.indent,
          startOnNewline: false
        });
        if (!props.found) {
          if (!props.anchor && !props.tag && !sep && !value) {
            if (i === 0 && props.comma)
              onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
            else if (i < fc.items.length - 1)
              onError(props.start, "UNEXPECTED_TOKEN", `Unexpected empty item in ${fcName}`);
            if (props.comment) {
              if (coll.comment)
                coll.comment += "\n" + props.comment;
              else
                coll.comment = props.comment;
            }
            offset = props.end;
            continue;
          }
          if (!isMap && ctx.options.strict && utilContainsNewline.containsNewline(key))
            onError(
              key,
              // checked by containsNewline()
              "MULTILINE_IMPLICIT_KEY",
              "Implicit keys of flow sequence pairs need to be on a single line"
            );
        }
        if (i === 0) {
          if (props.comma)
            onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
        } else {
          if (!props.comma)
            onError(props.start, "MISSING_CHAR", `Missing , between ${fcName} items`);
          if (props.comment) {
            let prevItemComment = "";
            loop: for (const st of start) {
              switch (st.type) {
                case "comma":
                case "space":
                  break;
                case "comment":
                  prevItemComment = st.source.substring(1);
                  break loop;
                default:
                  break loop;
              }
            }
            if (prevItemComment) {
              let prev = coll.items[coll.items.length - 1];
              if (identity.isPair(prev))
                prev = prev.value ?? prev.key;
              if (prev.comment)
                prev.comment += "\n" + prevItemComment;
              else
                prev.comment = prevItemComment;
              props.comment = props.comment.substring(prevItemComment.length + 1);
            }
          }
        }
        if (!isMap && !sep && !props.found) {
          const valueNode = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, sep, null, props, onError);
          coll.items.push(valueNode);
          offset = valueNode.range[2];
          if (isBlock(value))
            onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
        } else {
          ctx.atKey = true;
          const keyStart = props.end;
          const keyNode = key ? composeNode(ctx, key, props, onError) : composeEmptyNode(ctx, keyStart, start, null, props, onError);
          if (isBlock(key))
            onError(keyNode.range, "BLOCK_IN_FLOW", blockMsg);
          ctx.atKey = false;
          const valueProps = resolveProps.resolveProps(sep ?? [], {
            flow: fcName,
            indicator: "map-value-ind",
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
          });
          if (valueProps.found) {
            if (!isMap && !props.found && ctx.options.strict) {
              if (sep)
                for (const st of sep) {
                  if (st === valueProps.found)
                    break;
                  if (st.type === "newline") {
                    onError(st, "MULTILINE_IMPLICIT_KEY", "Implicit keys of flow sequence pairs need to be on a single line");
                    break;
                  }
                }
              if (props.start < valueProps.found.offset - 1024)
                onError(valueProps.found, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit flow sequence key");
            }
          } else if (value) {
            if ("source" in value && value.source?.[0] === ":")
              onError(value, "MISSING_CHAR", `Missing space after : in ${fcName}`);
            else
              onError(valueProps.start, "MISSING_CHAR", `Missing , or : between ${fcName} items`);
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : valueProps.found ? composeEmptyNode(ctx, valueProps.end, sep, null, valueProps, onError) : null;
          if (valueNode) {
            if (isBlock(value))
              onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
          } else if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          if (isMap) {
            const map = coll;
            if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
              onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
            map.items.push(pair);
          } else {
            const map = new YAMLMap.YAMLMap(ctx.schema);
            map.flow = true;
            map.items.push(pair);
            const endRange = (valueNode ?? keyNode).range;
            map.range = [keyNode.range[0], endRange[1], endRange[2]];
            coll.items.push(map);
          }
          offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
      }
      const expectedEnd = isMap ? "}" : "]";
      const [ce, ...ee] = fc.end;
      let cePos = offset;
      if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
      else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot ? `${name} must end with a ${expectedEnd}` : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? "MISSING_CHAR" : "BAD_INDENT", msg);
        if (ce && ce.source.length !== 1)
          ee.unshift(ce);
      }
      if (ee.length > 0) {
        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
          if (coll.comment)
            coll.comment += "\n" + end.comment;
          else
            coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
      } else {
        coll.range = [fc.offset, cePos, cePos];
      }
      return coll;
    }
    exports.resolveFlowCollection = resolveFlowCollection;
  }
});

// node_modules/yaml/dist/compose/compose-collection.js
var require_compose_collection = __commonJS({
  "node_modules/yaml/dist/compose/compose-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveBlockMap = require_resolve_block_map();
    var resolveBlockSeq = require_resolve_block_seq();
    var resolveFlowCollection = require_resolve_flow_collection();
    function resolveCollection(CN, ctx, token, onError, tagName, tag) {
      const coll = token.type === "block-map" ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag) : token.type === "block-seq" ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag) : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
      const Coll = coll.constructor;
      if (tagName === "!" || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
      }
      if (tagName)
        coll.tag = tagName;
      return coll;
    }
    function composeCollection(CN, ctx, token, props, onError) {
      const tagToken = props.tag;
      const tagName = !tagToken ? null : ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg));
      if (token.type === "block-seq") {
        const { anchor, newlineAfterProp: nl } = props;
        const lastProp = anchor && tagToken ? anchor.offset > tagToken.offset ? anchor : tagToken : anchor ?? tagToken;
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
          const message2 = "Missing newline after block sequence props";
          onError(lastProp, "MISSING_CHAR", message2);
        }
      }
      const expType = token.type === "block-map" ? "map" : token.type === "block-seq" ? "seq" : token.start.source === "{" ? "map" : "seq";
      if (!tagToken || !tagName || tagName === "!" || tagName === YAMLMap.YAMLMap.tagName && expType === "map" || tagName === YAMLSeq.YAMLSeq.tagName && expType === "seq") {
        return resolveCollection(CN, ctx, token, onError, tagName);
      }
      let tag = ctx.schema.tags.find((t) => t.tag === tagName && t.collection === expType);
      if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
          ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
          tag = kt;
        } else {
          if (kt) {
            onError(tagToken, "BAD_COLLECTION_TYPE", `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? "scalar"}`, true);
          } else {
            onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, true);
          }
          return resolveCollection(CN, ctx, token, onError, tagName);
        }
      }
      const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
      const res = tag.resolve?.(coll, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg), ctx.options) ?? coll;
      const node = identity.isNode(res) ? res : new Scalar.Scalar(res);
      node.range = coll.range;
      node.tag = tagName;
      if (tag?.format)
        node.format = tag.format;
      return node;
    }
    exports.composeCollection = composeCollection;
  }
});

// node_modules/yaml/dist/compose/resolve-block-scalar.js
var require_resolve_block_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function resolveBlockScalar(ctx, scalar, onError) {
      const start = scalar.offset;
      const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
      if (!header)
        return { value: "", type: null, comment: "", range: [start, start, start] };
      const type = header.mode === ">" ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
      const lines = scalar.source ? splitLines2(scalar.source) : [];
      let chompStart = lines.length;
      for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === "" || content === "\r")
          chompStart = i;
        else
          break;
      }
      if (chompStart === 0) {
        const value2 = header.chomp === "+" && lines.length > 0 ? "\n".repeat(Math.max(1, lines.length - 1)) : "";
        let end2 = start + header.length;
        if (scalar.source)
          end2 += scalar.source.length;
        return { value: value2, type, comment: header.comment, range: [start, end2, end2] };
      }
      let trimIndent = scalar.indent + header.indent;
      let offset = scalar.offset + header.length;
      let contentStart = 0;
      for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === "" || content === "\r") {
          if (header.indent === 0 && indent.length > trimIndent)
            trimIndent = indent.length;
        } else {
          if (indent.length < trimIndent) {
            const message2 = "Block scalars with more-indented leading empty lines must use an explicit indentation indicator";
            onError(offset + indent.length, "MISSING_CHAR", message2);
          }
          if (header.indent === 0)
            trimIndent = indent.length;
          contentStart = i;
          if (trimIndent === 0 && !ctx.atRoot) {
            const message2 = "Block scalar values in collections must be indented";
            onError(offset, "BAD_INDENT", message2);
          }
          break;
        }
        offset += indent.length + content.length + 1;
      }
      for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
          chompStart = i + 1;
      }
      let value = "";
      let sep = "";
      let prevMoreIndented = false;
      for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + "\n";
      for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === "\r";
        if (crlf)
          content = content.slice(0, -1);
        if (content && indent.length < trimIndent) {
          const src = header.indent ? "explicit indentation indicator" : "first line";
          const message2 = `Block scalar lines must not be less indented than their ${src}`;
          onError(offset - content.length - (crlf ? 2 : 1), "BAD_INDENT", message2);
          indent = "";
        }
        if (type === Scalar.Scalar.BLOCK_LITERAL) {
          value += sep + indent.slice(trimIndent) + content;
          sep = "\n";
        } else if (indent.length > trimIndent || content[0] === "	") {
          if (sep === " ")
            sep = "\n";
          else if (!prevMoreIndented && sep === "\n")
            sep = "\n\n";
          value += sep + indent.slice(trimIndent) + content;
          sep = "\n";
          prevMoreIndented = true;
        } else if (content === "") {
          if (sep === "\n")
            value += "\n";
          else
            sep = "\n";
        } else {
          value += sep + content;
          sep = " ";
          prevMoreIndented = false;
        }
      }
      switch (header.chomp) {
        case "-":
          break;
        case "+":
          for (let i = chompStart; i < lines.length; ++i)
            value += "\n" + lines[i][0].slice(trimIndent);
          if (value[value.length - 1] !== "\n")
            value += "\n";
          break;
        default:
          value += "\n";
      }
      const end = start + header.length + scalar.source.length;
      return { value, type, comment: header.comment, range: [start, end, end] };
    }
    function parseBlockScalarHeader({ offset, props }, strict, onError) {
      if (props[0].type !== "block-scalar-header") {
        onError(props[0], "IMPOSSIBLE", "Block scalar header not found");
        return null;
      }
      const { source } = props[0];
      const mode = source[0];
      let indent = 0;
      let chomp = "";
      let error = -1;
      for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === "-" || ch === "+"))
          chomp = ch;
        else {
          const n = Number(ch);
          if (!indent && n)
            indent = n;
          else if (error === -1)
            error = offset + i;
        }
      }
      if (error !== -1)
        onError(error, "UNEXPECTED_TOKEN", `Block scalar header includes extra characters: ${source}`);
      let hasSpace = false;
      let comment = "";
      let length = source.length;
      for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
          case "space":
            hasSpace = true;
          // fallthrough
          case "newline":
            length += token.source.length;
            break;
          case "comment":
            if (strict && !hasSpace) {
              const message2 = "Comments must be separated from other tokens by white space characters";
              onError(token, "MISSING_CHAR", message2);
            }
            length += token.source.length;
            comment = token.source.substring(1);
            break;
          case "error":
            onError(token, "UNEXPECTED_TOKEN", token.message);
            length += token.source.length;
            break;
          /* istanbul ignore next should not happen */
          default: {
            const message2 = `Unexpected token in block scalar header: ${token.type}`;
            onError(token, "UNEXPECTED_TOKEN", message2);
            const ts = token.source;
            if (ts && typeof ts === "string")
              length += ts.length;
          }
        }
      }
      return { mode, indent, chomp, comment, length };
    }
    function splitLines2(source) {
      const split = source.split(/\n( *)/);
      const first = split[0];
      const m = first.match(/^( *)/);
      const line0 = m?.[1] ? [m[1], first.slice(m[1].length)] : ["", first];
      const lines = [line0];
      for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
      return lines;
    }
    exports.resolveBlockScalar = resolveBlockScalar;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-scalar.js
var require_resolve_flow_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var resolveEnd = require_resolve_end();
    function resolveFlowScalar(scalar, strict, onError) {
      const { offset, type, source, end } = scalar;
      let _type;
      let value;
      const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
      switch (type) {
        case "scalar":
          _type = Scalar.Scalar.PLAIN;
          value = plainValue(source, _onError);
          break;
        case "single-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_SINGLE;
          value = singleQuotedValue(source, _onError);
          break;
        case "double-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_DOUBLE;
          value = doubleQuotedValue(source, _onError);
          break;
        /* istanbul ignore next should not happen */
        default:
          onError(scalar, "UNEXPECTED_TOKEN", `Expected a flow scalar value, but found: ${type}`);
          return {
            value: "",
            type: null,
            comment: "",
            range: [offset, offset + source.length, offset + source.length]
          };
      }
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
      return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
      };
    }
    function plainValue(source, onError) {
      let badChar = "";
      switch (source[0]) {
        /* istanbul ignore next should not happen */
        case "	":
          badChar = "a tab character";
          break;
        case ",":
          badChar = "flow indicator character ,";
          break;
        case "%":
          badChar = "directive indicator character %";
          break;
        case "|":
        case ">": {
          badChar = `block scalar indicator ${source[0]}`;
          break;
        }
        case "@":
        case "`": {
          badChar = `reserved character ${source[0]}`;
          break;
        }
      }
      if (badChar)
        onError(0, "BAD_SCALAR_START", `Plain value cannot start with ${badChar}`);
      return unfoldLines(source);
    }
    function singleQuotedValue(source, onError) {
      if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, "MISSING_CHAR", "Missing closing 'quote");
      return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
    }
    function unfoldLines(source) {
      const line = /(.*?)\r?\n/sy;
      let match = line.exec(source);
      if (!match)
        return source;
      let trimEnd, trimBoth;
      try {
        trimEnd = new RegExp("(?<![ 	])[ 	]+$");
        trimBoth = new RegExp("^[ 	]+|(?<![ 	])[ 	]+$", "g");
      } catch {
        trimEnd = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
      }
      let res = match[1].replace(trimEnd, "");
      let sep = " ";
      let pos = line.lastIndex;
      while (match = line.exec(source)) {
        const lm = match[1].replace(trimBoth, "");
        if (lm === "") {
          if (sep === "\n")
            res += sep;
          else
            sep = "\n";
        } else {
          res += sep + lm;
          sep = " ";
        }
        pos = line.lastIndex;
      }
      const last = /[ \t]*(.*)/sy;
      last.lastIndex = pos;
      match = last.exec(source);
      return res + sep + (match?.[1] ?? "");
    }
    function doubleQuotedValue(source, onError) {
      let res = "";
      for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === "\r" && source[i + 1] === "\n")
          continue;
        if (ch === "\n") {
          const { fold, offset } = foldNewline(source, i);
          res += fold;
          i = offset;
        } else if (ch === "\\") {
          let next = source[++i];
          const cc = escapeCodes[next];
          if (cc)
            res += cc;
          else if (next === "\n") {
            next = source[i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "\r" && source[i + 1] === "\n") {
            next = source[++i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "x" || next === "u" || next === "U") {
            const length = next === "x" ? 2 : next === "u" ? 4 : 8;
            res += parseCharCode(source, i + 1, length, onError);
            i += length;
          } else {
            const raw = source.substr(i - 1, 2);
            onError(i - 1, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
            res += raw;
          }
        } else if (ch === " " || ch === "	") {
          const wsStart = i;
          let next = source[i + 1];
          while (next === " " || next === "	")
            next = source[++i + 1];
          if (next !== "\n" && !(next === "\r" && source[i + 2] === "\n"))
            res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        } else {
          res += ch;
        }
      }
      if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, "MISSING_CHAR", 'Missing closing "quote');
      return res;
    }
    function foldNewline(source, offset) {
      let fold = "";
      let ch = source[offset + 1];
      while (ch === " " || ch === "	" || ch === "\n" || ch === "\r") {
        if (ch === "\r" && source[offset + 2] !== "\n")
          break;
        if (ch === "\n")
          fold += "\n";
        offset += 1;
        ch = source[offset + 1];
      }
      if (!fold)
        fold = " ";
      return { fold, offset };
    }
    var escapeCodes = {
      "0": "\0",
      // null character
      a: "\x07",
      // bell character
      b: "\b",
      // backspace
      e: "\x1B",
      // escape character
      f: "\f",
      // form feed
      n: "\n",
      // line feed
      r: "\r",
      // carriage return
      t: "	",
      // horizontal tab
      v: "\v",
      // vertical tab
      N: "\x85",
      // Unicode next line
      _: "\xA0",
      // Unicode non-breaking space
      L: "\u2028",
      // Unicode line separator
      P: "\u2029",
      // Unicode paragraph separator
      " ": " ",
      '"': '"',
      "/": "/",
      "\\": "\\",
      "	": "	"
    };
    function parseCharCode(source, offset, length, onError) {
      const cc = source.substr(offset, length);
      const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
      const code = ok ? parseInt(cc, 16) : NaN;
      try {
        return String.fromCodePoint(code);
      } catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
        return raw;
      }
    }
    exports.resolveFlowScalar = resolveFlowScalar;
  }
});

// node_modules/yaml/dist/compose/compose-scalar.js
var require_compose_scalar = __commonJS({
  "node_modules/yaml/dist/compose/compose-scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    function composeScalar(ctx, token, tagToken, onError) {
      const { value, type, comment, range } = token.type === "block-scalar" ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError) : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
      const tagName = tagToken ? ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg)) : null;
      let tag;
      if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[identity.SCALAR];
      } else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
      else if (token.type === "scalar")
        tag = findScalarTagByTest(ctx, value, token, onError);
      else
        tag = ctx.schema[identity.SCALAR];
      let scalar;
      try {
        const res = tag.resolve(value, (msg) => onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg), ctx.options);
        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
      } catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg);
        scalar = new Scalar.Scalar(value);
      }
      scalar.range = range;
      scalar.source = value;
      if (type)
        scalar.type = type;
      if (tagName)
        scalar.tag = tagName;
      if (tag.format)
        scalar.format = tag.format;
      if (comment)
        scalar.comment = comment;
      return scalar;
    }
    function findScalarTagByName(schema, value, tagName, tagToken, onError) {
      if (tagName === "!")
        return schema[identity.SCALAR];
      const matchWithTest = [];
      for (const tag of schema.tags) {
        if (!tag.collection && tag.tag === tagName) {
          if (tag.default && tag.test)
            matchWithTest.push(tag);
          else
            return tag;
        }
      }
      for (const tag of matchWithTest)
        if (tag.test?.test(value))
          return tag;
      const kt = schema.knownTags[tagName];
      if (kt && !kt.collection) {
        schema.tags.push(Object.assign({}, kt, { default: false, test: void 0 }));
        return kt;
      }
      onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, tagName !== "tag:yaml.org,2002:str");
      return schema[identity.SCALAR];
    }
    function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
      const tag = schema.tags.find((tag2) => (tag2.default === true || atKey && tag2.default === "key") && tag2.test?.test(value)) || schema[identity.SCALAR];
      if (schema.compat) {
        const compat = schema.compat.find((tag2) => tag2.default && tag2.test?.test(value)) ?? schema[identity.SCALAR];
        if (tag.tag !== compat.tag) {
          const ts = directives.tagString(tag.tag);
          const cs = directives.tagString(compat.tag);
          const msg = `Value may be parsed as either ${ts} or ${cs}`;
          onError(token, "TAG_RESOLVE_FAILED", msg, true);
        }
      }
      return tag;
    }
    exports.composeScalar = composeScalar;
  }
});

// node_modules/yaml/dist/compose/util-empty-scalar-position.js
var require_util_empty_scalar_position = __commonJS({
  "node_modules/yaml/dist/compose/util-empty-scalar-position.js"(exports) {
    "use strict";
    function emptyScalarPosition(offset, before, pos) {
      if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
          let st = before[i];
          switch (st.type) {
            case "space":
            case "comment":
            case "newline":
              offset -= st.source.length;
              continue;
          }
          st = before[++i];
          while (st?.type === "space") {
            offset += st.source.length;
            st = before[++i];
          }
          break;
        }
      }
      return offset;
    }
    exports.emptyScalarPosition = emptyScalarPosition;
  }
});

// node_modules/yaml/dist/compose/compose-node.js
var require_compose_node = __commonJS({
  "node_modules/yaml/dist/compose/compose-node.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var composeCollection = require_compose_collection();
    var composeScalar = require_compose_scalar();
    var resolveEnd = require_resolve_end();
    var utilEmptyScalarPosition = require_util_empty_scalar_position();
    var CN = { composeNode, composeEmptyNode };
    function composeNode(ctx, token, props, onError) {
      const atKey = ctx.atKey;
      const { spaceBefore, comment, anchor, tag } = props;
      let node;
      let isSrcToken = true;
      switch (token.type) {
        case "alias":
          node = composeAlias(ctx, token, onError);
          if (anchor || tag)
            onError(token, "ALIAS_PROPS", "An alias node must not specify any properties");
          break;
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "block-scalar":
          node = composeScalar.composeScalar(ctx, token, tag, onError);
          if (anchor)
            node.anchor = anchor.source.substring(1);
          break;
        case "block-map":
        case "block-seq":
        case "flow-collection":
          try {
            node = composeCollection.composeCollection(CN, ctx, token, props, onError);
            if (anchor)
              node.anchor = anchor.source.substring(1);
          } catch (error) {
            const message2 = error instanceof Error ? error.message : String(error);
            onError(token, "RESOURCE_EXHAUSTION", message2);
          }
          break;
        default: {
          const message2 = token.type === "error" ? token.message : `Unsupported token (type: ${token.type})`;
          onError(token, "UNEXPECTED_TOKEN", message2);
          isSrcToken = false;
        }
      }
      node ?? (node = composeEmptyNode(ctx, token.offset, void 0, null, props, onError));
      if (anchor && node.anchor === "")
        onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      if (atKey && ctx.options.stringKeys && (!identity.isScalar(node) || typeof node.value !== "string" || node.tag && node.tag !== "tag:yaml.org,2002:str")) {
        const msg = "With stringKeys, all keys must be strings";
        onError(tag ?? token, "NON_STRING_KEY", msg);
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        if (token.type === "scalar" && token.source === "")
          node.comment = comment;
        else
          node.commentBefore = comment;
      }
      if (ctx.options.keepSourceTokens && isSrcToken)
        node.srcToken = token;
      return node;
    }
    function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
      const token = {
        type: "scalar",
        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ""
      };
      const node = composeScalar.composeScalar(ctx, token, tag, onError);
      if (anchor) {
        node.anchor = anchor.source.substring(1);
        if (node.anchor === "")
          onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        node.comment = comment;
        node.range[2] = end;
      }
      return node;
    }
    function composeAlias({ options }, { offset, source, end }, onError) {
      const alias = new Alias.Alias(source.substring(1));
      if (alias.source === "")
        onError(offset, "BAD_ALIAS", "Alias cannot be an empty string");
      if (alias.source.endsWith(":"))
        onError(offset + source.length - 1, "BAD_ALIAS", "Alias ending in : is ambiguous", true);
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
      alias.range = [offset, valueEnd, re.offset];
      if (re.comment)
        alias.comment = re.comment;
      return alias;
    }
    exports.composeEmptyNode = composeEmptyNode;
    exports.composeNode = composeNode;
  }
});

// node_modules/yaml/dist/compose/compose-doc.js
var require_compose_doc = __commonJS({
  "node_modules/yaml/dist/compose/compose-doc.js"(exports) {
    "use strict";
    var Document = require_Document();
    var composeNode = require_compose_node();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    function composeDoc(options, directives, { offset, start, value, end }, onError) {
      const opts = Object.assign({ _directives: directives }, options);
      const doc = new Document.Document(void 0, opts);
      const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
      };
      const props = resolveProps.resolveProps(start, {
        indicator: "doc-start",
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
      });
      if (props.found) {
        doc.directives.docStart = true;
        if (value && (value.type === "block-map" || value.type === "block-seq") && !props.hasNewline)
          onError(props.end, "MISSING_CHAR", "Block collection cannot start on same line with directives-end marker");
      }
      doc.contents = value ? composeNode.composeNode(ctx, value, props, onError) : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
      const contentEnd = doc.contents.range[2];
      const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
      if (re.comment)
        doc.comment = re.comment;
      doc.range = [offset, contentEnd, re.offset];
      return doc;
    }
    exports.composeDoc = composeDoc;
  }
});

// node_modules/yaml/dist/compose/composer.js
var require_composer = __commonJS({
  "node_modules/yaml/dist/compose/composer.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var directives = require_directives();
    var Document = require_Document();
    var errors = require_errors();
    var identity = require_identity();
    var composeDoc = require_compose_doc();
    var resolveEnd = require_resolve_end();
    function getErrorPos(src) {
      if (typeof src === "number")
        return [src, src + 1];
      if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
      const { offset, source } = src;
      return [offset, offset + (typeof source === "string" ? source.length : 1)];
    }
    function parsePrelude(prelude) {
      let comment = "";
      let atComment = false;
      let afterEmptyLine = false;
      for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
          case "#":
            comment += (comment === "" ? "" : afterEmptyLine ? "\n\n" : "\n") + (source.substring(1) || " ");
            atComment = true;
            afterEmptyLine = false;
            break;
          case "%":
            if (prelude[i + 1]?.[0] !== "#")
              i += 1;
            atComment = false;
            break;
          default:
            if (!atComment)
              afterEmptyLine = true;
            atComment = false;
        }
      }
      return { comment, afterEmptyLine };
    }
    var Composer = class {
      constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code, message2, warning) => {
          const pos = getErrorPos(source);
          if (warning)
            this.warnings.push(new errors.YAMLWarning(pos, code, message2));
          else
            this.errors.push(new errors.YAMLParseError(pos, code, message2));
        };
        this.directives = new directives.Directives({ version: options.version || "1.2" });
        this.options = options;
      }
      decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        if (comment) {
          const dc = doc.contents;
          if (afterDoc) {
            doc.comment = doc.comment ? `${doc.comment}
${comment}` : comment;
          } else if (afterEmptyLine || doc.directives.docStart || !dc) {
            doc.commentBefore = comment;
          } else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
            let it = dc.items[0];
            if (identity.isPair(it))
              it = it.key;
            const cb = it.commentBefore;
            it.commentBefore = cb ? `${comment}
${cb}` : comment;
          } else {
            const cb = dc.commentBefore;
            dc.commentBefore = cb ? `${comment}
${cb}` : comment;
          }
        }
        if (afterDoc) {
          for (let i = 0; i < this.errors.length; ++i)
            doc.errors.push(this.errors[i]);
          for (let i = 0; i < this.warnings.length; ++i)
            doc.warnings.push(this.warnings[i]);
        } else {
          doc.errors = this.errors;
          doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
      }
      /**
       * Current stream status information.
       *
       * Mostly useful at the end of input for an empty stream.
       */
      streamInfo() {
        return {
          comment: parsePrelude(this.prelude).comment,
          directives: this.directives,
          errors: this.errors,
          warnings: this.warnings
        };
      }
      /**
       * Compose tokens into documents.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
          yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
      }
      /** Advance the composer by one CST token. */
      *next(token) {
        if (node_process.env.LOG_STREAM)
          console.dir(token, { depth: null });
        switch (token.type) {
          case "directive":
            this.directives.add(token.source, (offset, message2, warning) => {
              const pos = getErrorPos(token);
              pos[0] += offset;
              this.onError(pos, "BAD_DIRECTIVE", message2, warning);
            });
            this.prelude.push(token.source);
            this.atDirectives = true;
            break;
          case "document": {
            const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
            if (this.atDirectives && !doc.directives.docStart)
              this.onError(token, "MISSING_CHAR", "Missing directives-end/doc-start indicator line");
            this.decorate(doc, false);
            if (this.doc)
              yield this.doc;
            this.doc = doc;
            this.atDirectives = false;
            break;
          }
          case "byte-order-mark":
          case "space":
            break;
          case "comment":
          case "newline":
            this.prelude.push(token.source);
            break;
          case "error": {
            const msg = token.source ? `${token.message}: ${JSON.stringify(token.source)}` : token.message;
            const error = new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg);
            if (this.atDirectives || !this.doc)
              this.errors.push(error);
            else
              this.doc.errors.push(error);
            break;
          }
          case "doc-end": {
            if (!this.doc) {
              const msg = "Unexpected doc-end without preceding document";
              this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg));
              break;
            }
            this.doc.directives.docEnd = true;
            const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
            this.decorate(this.doc, true);
            if (end.comment) {
              const dc = this.doc.comment;
              this.doc.comment = dc ? `${dc}
${end.comment}` : end.comment;
            }
            this.doc.range[2] = end.offset;
            break;
          }
          default:
            this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", `Unsupported token ${token.type}`));
        }
      }
      /**
       * Call at end of input to yield any remaining document.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
          this.decorate(this.doc, true);
          yield this.doc;
          this.doc = null;
        } else if (forceDoc) {
          const opts = Object.assign({ _directives: this.directives }, this.options);
          const doc = new Document.Document(void 0, opts);
          if (this.atDirectives)
            this.onError(endOffset, "MISSING_CHAR", "Missing directives-end indicator line");
          doc.range = [0, endOffset, endOffset];
          this.decorate(doc, false);
          yield doc;
        }
      }
    };
    exports.Composer = Composer;
  }
});

// node_modules/yaml/dist/parse/cst-scalar.js
var require_cst_scalar = __commonJS({
  "node_modules/yaml/dist/parse/cst-scalar.js"(exports) {
    "use strict";
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    var errors = require_errors();
    var stringifyString = require_stringifyString();
    function resolveAsScalar(token, strict = true, onError) {
      if (token) {
        const _onError = (pos, code, message2) => {
          const offset = typeof pos === "number" ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
          if (onError)
            onError(offset, code, message2);
          else
            throw new errors.YAMLParseError([offset, offset + 1], code, message2);
        };
        switch (token.type) {
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
          case "block-scalar":
            return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
        }
      }
      return null;
    }
    function createScalarToken(value, context) {
      const { implicitKey = false, indent, inFlow = false, offset = -1, type = "PLAIN" } = context;
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey,
        indent: indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      const end = context.end ?? [
        { type: "newline", offset: -1, indent, source: "\n" }
      ];
      switch (source[0]) {
        case "|":
        case ">": {
          const he = source.indexOf("\n");
          const head = source.substring(0, he);
          const body = source.substring(he + 1) + "\n";
          const props = [
            { type: "block-scalar-header", offset, indent, source: head }
          ];
          if (!addEndtoBlockProps(props, end))
            props.push({ type: "newline", offset: -1, indent, source: "\n" });
          return { type: "block-scalar", offset, indent, props, source: body };
        }
        case '"':
          return { type: "double-quoted-scalar", offset, indent, source, end };
        case "'":
          return { type: "single-quoted-scalar", offset, indent, source, end };
        default:
          return { type: "scalar", offset, indent, source, end };
      }
    }
    function setScalarValue(token, value, context = {}) {
      let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
      let indent = "indent" in token ? token.indent : null;
      if (afterKey && typeof indent === "number")
        indent += 2;
      if (!type)
        switch (token.type) {
          case "single-quoted-scalar":
            type = "QUOTE_SINGLE";
            break;
          case "double-quoted-scalar":
            type = "QUOTE_DOUBLE";
            break;
          case "block-scalar": {
            const header = token.props[0];
            if (header.type !== "block-scalar-header")
              throw new Error("Invalid block scalar header");
            type = header.source[0] === ">" ? "BLOCK_FOLDED" : "BLOCK_LITERAL";
            break;
          }
          default:
            type = "PLAIN";
        }
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey: implicitKey || indent === null,
        indent: indent !== null && indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      switch (source[0]) {
        case "|":
        case ">":
          setBlockScalarValue(token, source);
          break;
        case '"':
          setFlowScalarValue(token, source, "double-quoted-scalar");
          break;
        case "'":
          setFlowScalarValue(token, source, "single-quoted-scalar");
          break;
        default:
          setFlowScalarValue(token, source, "scalar");
      }
    }
    function setBlockScalarValue(token, source) {
      const he = source.indexOf("\n");
      const head = source.substring(0, he);
      const body = source.substring(he + 1) + "\n";
      if (token.type === "block-scalar") {
        const header = token.props[0];
        if (header.type !== "block-scalar-header")
          throw new Error("Invalid block scalar header");
        header.source = head;
        token.source = body;
      } else {
        const { offset } = token;
        const indent = "indent" in token ? token.indent : -1;
        const props = [
          { type: "block-scalar-header", offset, indent, source: head }
        ];
        if (!addEndtoBlockProps(props, "end" in token ? token.end : void 0))
          props.push({ type: "newline", offset: -1, indent, source: "\n" });
        for (const key of Object.keys(token))
          if (key !== "type" && key !== "offset")
            delete token[key];
        Object.assign(token, { type: "block-scalar", indent, props, source: body });
      }
    }
    function addEndtoBlockProps(props, end) {
      if (end)
        for (const st of end)
          switch (st.type) {
            case "space":
            case "comment":
              props.push(st);
              break;
            case "newline":
              props.push(st);
              return true;
          }
      return false;
    }
    function setFlowScalarValue(token, source, type) {
      switch (token.type) {
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          token.type = type;
          token.source = source;
          break;
        case "block-scalar": {
          const end = token.props.slice(1);
          let oa = source.length;
          if (token.props[0].type === "block-scalar-header")
            oa -= token.props[0].source.length;
          for (const tok of end)
            tok.offset += oa;
          delete token.props;
          Object.assign(token, { type, source, end });
          break;
        }
        case "block-map":
        case "block-seq": {
          const offset = token.offset + source.length;
          const nl = { type: "newline", offset, indent: token.indent, source: "\n" };
          delete token.items;
          Object.assign(token, { type, source, end: [nl] });
          break;
        }
        default: {
          const indent = "indent" in token ? token.indent : -1;
          const end = "end" in token && Array.isArray(token.end) ? token.end.filter((st) => st.type === "space" || st.type === "comment" || st.type === "newline") : [];
          for (const key of Object.keys(token))
            if (key !== "type" && key !== "offset")
              delete token[key];
          Object.assign(token, { type, indent, source, end });
        }
      }
    }
    exports.createScalarToken = createScalarToken;
    exports.resolveAsScalar = resolveAsScalar;
    exports.setScalarValue = setScalarValue;
  }
});

// node_modules/yaml/dist/parse/cst-stringify.js
var require_cst_stringify = __commonJS({
  "node_modules/yaml/dist/parse/cst-stringify.js"(exports) {
    "use strict";
    var stringify = (cst) => "type" in cst ? stringifyToken(cst) : stringifyItem(cst);
    function stringifyToken(token) {
      switch (token.type) {
        case "block-scalar": {
          let res = "";
          for (const tok of token.props)
            res += stringifyToken(tok);
          return res + token.source;
        }
        case "block-map":
        case "block-seq": {
          let res = "";
          for (const item of token.items)
            res += stringifyItem(item);
          return res;
        }
        case "flow-collection": {
          let res = token.start.source;
          for (const item of token.items)
            res += stringifyItem(item);
          for (const st of token.end)
            res += st.source;
          return res;
        }
        case "document": {
          let res = stringifyItem(token);
          if (token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
        default: {
          let res = token.source;
          if ("end" in token && token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
      }
    }
    function stringifyItem({ start, key, sep, value }) {
      let res = "";
      for (const st of start)
        res += st.source;
      if (key)
        res += stringifyToken(key);
      if (sep)
        for (const st of sep)
          res += st.source;
      if (value)
        res += stringifyToken(value);
      return res;
    }
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/parse/cst-visit.js
var require_cst_visit = __commonJS({
  "node_modules/yaml/dist/parse/cst-visit.js"(exports) {
    "use strict";
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove item");
    function visit(cst, visitor) {
      if ("type" in cst && cst.type === "document")
        cst = { start: cst.start, value: cst.value };
      _visit(Object.freeze([]), cst, visitor);
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    visit.itemAtPath = (cst, path) => {
      let item = cst;
      for (const [field, index] of path) {
        const tok = item?.[field];
        if (tok && "items" in tok) {
          item = tok.items[index];
        } else
          return void 0;
      }
      return item;
    };
    visit.parentCollection = (cst, path) => {
      const parent = visit.itemAtPath(cst, path.slice(0, -1));
      const field = path[path.length - 1][0];
      const coll = parent?.[field];
      if (coll && "items" in coll)
        return coll;
      throw new Error("Parent collection not found");
    };
    function _visit(path, item, visitor) {
      let ctrl = visitor(item, path);
      if (typeof ctrl === "symbol")
        return ctrl;
      for (const field of ["key", "value"]) {
        const token = item[field];
        if (token && "items" in token) {
          for (let i = 0; i < token.items.length; ++i) {
            const ci = _visit(Object.freeze(path.concat([[field, i]])), token.items[i], visitor);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              token.items.splice(i, 1);
              i -= 1;
            }
          }
          if (typeof ctrl === "function" && field === "key")
            ctrl = ctrl(item, path);
        }
      }
      return typeof ctrl === "function" ? ctrl(item, path) : ctrl;
    }
    exports.visit = visit;
  }
});

// node_modules/yaml/dist/parse/cst.js
var require_cst = __commonJS({
  "node_modules/yaml/dist/parse/cst.js"(exports) {
    "use strict";
    var cstScalar = require_cst_scalar();
    var cstStringify = require_cst_stringify();
    var cstVisit = require_cst_visit();
    var BOM = "\uFEFF";
    var DOCUMENT = "";
    var FLOW_END = "";
    var SCALAR = "";
    var isCollection = (token) => !!token && "items" in token;
    var isScalar = (token) => !!token && (token.type === "scalar" || token.type === "single-quoted-scalar" || token.type === "double-quoted-scalar" || token.type === "block-scalar");
    function prettyToken(token) {
      switch (token) {
        case BOM:
          return "<BOM>";
        case DOCUMENT:
          return "<DOC>";
        case FLOW_END:
          return "<FLOW_END>";
        case SCALAR:
          return "<SCALAR>";
        default:
          return JSON.stringify(token);
      }
    }
    function tokenType(source) {
      switch (source) {
        case BOM:
          return "byte-order-mark";
        case DOCUMENT:
          return "doc-mode";
        case FLOW_END:
          return "flow-error-end";
        case SCALAR:
          return "scalar";
        case "---":
          return "doc-start";
        case "...":
          return "doc-end";
        case "":
        case "\n":
        case "\r\n":
          return "newline";
        case "-":
          return "seq-item-ind";
        case "?":
          return "explicit-key-ind";
        case ":":
          return "map-value-ind";
        case "{":
          return "flow-map-start";
        case "}":
          return "flow-map-end";
        case "[":
          return "flow-seq-start";
        case "]":
          return "flow-seq-end";
        case ",":
          return "comma";
      }
      switch (source[0]) {
        case " ":
        case "	":
          return "space";
        case "#":
          return "comment";
        case "%":
          return "directive-line";
        case "*":
          return "alias";
        case "&":
          return "anchor";
        case "!":
          return "tag";
        case "'":
          return "single-quoted-scalar";
        case '"':
          return "double-quoted-scalar";
        case "|":
        case ">":
          return "block-scalar-header";
      }
      return null;
    }
    exports.createScalarToken = cstScalar.createScalarToken;
    exports.resolveAsScalar = cstScalar.resolveAsScalar;
    exports.setScalarValue = cstScalar.setScalarValue;
    exports.stringify = cstStringify.stringify;
    exports.visit = cstVisit.visit;
    exports.BOM = BOM;
    exports.DOCUMENT = DOCUMENT;
    exports.FLOW_END = FLOW_END;
    exports.SCALAR = SCALAR;
    exports.isCollection = isCollection;
    exports.isScalar = isScalar;
    exports.prettyToken = prettyToken;
    exports.tokenType = tokenType;
  }
});

// node_modules/yaml/dist/parse/lexer.js
var require_lexer = __commonJS({
  "node_modules/yaml/dist/parse/lexer.js"(exports) {
    "use strict";
    var cst = require_cst();
    function isEmpty(ch) {
      switch (ch) {
        case void 0:
        case " ":
        case "\n":
        case "\r":
        case "	":
          return true;
        default:
          return false;
      }
    }
    var hexDigits = new Set("0123456789ABCDEFabcdef");
    var tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
    var flowIndicatorChars = new Set(",[]{}");
    var invalidAnchorChars = new Set(" ,[]{}\n\r	");
    var isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
    var Lexer = class {
      constructor() {
        this.atEnd = false;
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        this.buffer = "";
        this.flowKey = false;
        this.flowLevel = 0;
        this.indentNext = 0;
        this.indentValue = 0;
        this.lineEndPos = null;
        this.next = null;
        this.pos = 0;
      }
      /**
       * Generate YAML tokens from the `source` string. If `incomplete`,
       * a part of the last line may be left as a buffer for the next call.
       *
       * @returns A generator of lexical tokens
       */
      *lex(source, incomplete = false) {
        if (source) {
          if (typeof source !== "string")
            throw TypeError("source is not a string");
          this.buffer = this.buffer ? this.buffer + source : source;
          this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? "stream";
        while (next && (incomplete || this.hasChars(1)))
          next = yield* this.parseNext(next);
      }
      atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === " " || ch === "	")
          ch = this.buffer[++i];
        if (!ch || ch === "#" || ch === "\n")
          return true;
        if (ch === "\r")
          return this.buffer[i + 1] === "\n";
        return false;
      }
      charAt(n) {
        return this.buffer[this.pos + n];
      }
      continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
          let indent = 0;
          while (ch === " ")
            ch = this.buffer[++indent + offset];
          if (ch === "\r") {
            const next = this.buffer[indent + offset + 1];
            if (next === "\n" || !next && !this.atEnd)
              return offset + indent + 1;
          }
          return ch === "\n" || indent >= this.indentNext || !ch && !this.atEnd ? offset + indent : -1;
        }
        if (ch === "-" || ch === ".") {
          const dt = this.buffer.substr(offset, 3);
          if ((dt === "---" || dt === "...") && isEmpty(this.buffer[offset + 3]))
            return -1;
        }
        return offset;
      }
      getLine() {
        let end = this.lineEndPos;
        if (typeof end !== "number" || end !== -1 && end < this.pos) {
          end = this.buffer.indexOf("\n", this.pos);
          this.lineEndPos = end;
        }
        if (end === -1)
          return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === "\r")
          end -= 1;
        return this.buffer.substring(this.pos, end);
      }
      hasChars(n) {
        return this.pos + n <= this.buffer.length;
      }
      setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
      }
      peek(n) {
        return this.buffer.substr(this.pos, n);
      }
      *parseNext(next) {
        switch (next) {
          case "stream":
            return yield* this.parseStream();
          case "line-start":
            return yield* this.parseLineStart();
          case "block-start":
            return yield* this.parseBlockStart();
          case "doc":
            return yield* this.parseDocument();
          case "flow":
            return yield* this.parseFlowCollection();
          case "quoted-scalar":
            return yield* this.parseQuotedScalar();
          case "block-scalar":
            return yield* this.parseBlockScalar();
          case "plain-scalar":
            return yield* this.parsePlainScalar();
        }
      }
      *parseStream() {
        let line = this.getLine();
        if (line === null)
          return this.setNext("stream");
        if (line[0] === cst.BOM) {
          yield* this.pushCount(1);
          line = line.substring(1);
        }
        if (line[0] === "%") {
          let dirEnd = line.length;
          let cs = line.indexOf("#");
          while (cs !== -1) {
            const ch = line[cs - 1];
            if (ch === " " || ch === "	") {
              dirEnd = cs - 1;
              break;
            } else {
              cs = line.indexOf("#", cs + 1);
            }
          }
          while (true) {
            const ch = line[dirEnd - 1];
            if (ch === " " || ch === "	")
              dirEnd -= 1;
            else
              break;
          }
          const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
          yield* this.pushCount(line.length - n);
          this.pushNewline();
          return "stream";
        }
        if (this.atLineEnd()) {
          const sp = yield* this.pushSpaces(true);
          yield* this.pushCount(line.length - sp);
          yield* this.pushNewline();
          return "stream";
        }
        yield cst.DOCUMENT;
        return yield* this.parseLineStart();
      }
      *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
          return this.setNext("line-start");
        if (ch === "-" || ch === ".") {
          if (!this.atEnd && !this.hasChars(4))
            return this.setNext("line-start");
          const s = this.peek(3);
          if ((s === "---" || s === "...") && isEmpty(this.charAt(3))) {
            yield* this.pushCount(3);
            this.indentValue = 0;
            this.indentNext = 0;
            return s === "---" ? "doc" : "stream";
          }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
          this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
      }
      *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
          return this.setNext("block-start");
        if ((ch0 === "-" || ch0 === "?" || ch0 === ":") && isEmpty(ch1)) {
          const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
          this.indentNext = this.indentValue + 1;
          this.indentValue += n;
          return "block-start";
        }
        return "doc";
      }
      *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
          return this.setNext("doc");
        let n = yield* this.pushIndicators();
        switch (line[n]) {
          case "#":
            yield* this.pushCount(line.length - n);
          // fallthrough
          case void 0:
            yield* this.pushNewline();
            return yield* this.parseLineStart();
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel = 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            return "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "doc";
          case '"':
          case "'":
            return yield* this.parseQuotedScalar();
          case "|":
          case ">":
            n += yield* this.parseBlockScalarHeader();
            n += yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - n);
            yield* this.pushNewline();
            return yield* this.parseBlockScalar();
          default:
            return yield* this.parsePlainScalar();
        }
      }
      *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
          nl = yield* this.pushNewline();
          if (nl > 0) {
            sp = yield* this.pushSpaces(false);
            this.indentValue = indent = sp;
          } else {
            sp = 0;
          }
          sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
          return this.setNext("flow");
        if (indent !== -1 && indent < this.indentNext && line[0] !== "#" || indent === 0 && (line.startsWith("---") || line.startsWith("...")) && isEmpty(line[3])) {
          const atFlowEndMarker = indent === this.indentNext - 1 && this.flowLevel === 1 && (line[0] === "]" || line[0] === "}");
          if (!atFlowEndMarker) {
            this.flowLevel = 0;
            yield cst.FLOW_END;
            return yield* this.parseLineStart();
          }
        }
        let n = 0;
        while (line[n] === ",") {
          n += yield* this.pushCount(1);
          n += yield* this.pushSpaces(true);
          this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
          case void 0:
            return "flow";
          case "#":
            yield* this.pushCount(line.length - n);
            return "flow";
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel += 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            this.flowKey = true;
            this.flowLevel -= 1;
            return this.flowLevel ? "flow" : "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "flow";
          case '"':
          case "'":
            this.flowKey = true;
            return yield* this.parseQuotedScalar();
          case ":": {
            const next = this.charAt(1);
            if (this.flowKey || isEmpty(next) || next === ",") {
              this.flowKey = false;
              yield* this.pushCount(1);
              yield* this.pushSpaces(true);
              return "flow";
            }
          }
          // fallthrough
          default:
            this.flowKey = false;
            return yield* this.parsePlainScalar();
        }
      }
      *parseQuotedScalar() {
        const quote = this.charAt(0);
        let end = this.buffer.indexOf(quote, this.pos + 1);
        if (quote === "'") {
          while (end !== -1 && this.buffer[end + 1] === "'")
            end = this.buffer.indexOf("'", end + 2);
        } else {
          while (end !== -1) {
            let n = 0;
            while (this.buffer[end - 1 - n] === "\\")
              n += 1;
            if (n % 2 === 0)
              break;
            end = this.buffer.indexOf('"', end + 1);
          }
        }
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf("\n", this.pos);
        if (nl !== -1) {
          while (nl !== -1) {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = qb.indexOf("\n", cs);
          }
          if (nl !== -1) {
            end = nl - (qb[nl - 1] === "\r" ? 2 : 1);
          }
        }
        if (end === -1) {
          if (!this.atEnd)
            return this.setNext("quoted-scalar");
          end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? "flow" : "doc";
      }
      *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
          const ch = this.buffer[++i];
          if (ch === "+")
            this.blockScalarKeep = true;
          else if (ch > "0" && ch <= "9")
            this.blockScalarIndent = Number(ch) - 1;
          else if (ch !== "-")
            break;
        }
        return yield* this.pushUntil((ch) => isEmpty(ch) || ch === "#");
      }
      *parseBlockScalar() {
        let nl = this.pos - 1;
        let indent = 0;
        let ch;
        loop: for (let i2 = this.pos; ch = this.buffer[i2]; ++i2) {
          switch (ch) {
            case " ":
              indent += 1;
              break;
            case "\n":
              nl = i2;
              indent = 0;
              break;
            case "\r": {
              const next = this.buffer[i2 + 1];
              if (!next && !this.atEnd)
                return this.setNext("block-scalar");
              if (next === "\n")
                break;
            }
            // fallthrough
            default:
              break loop;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("block-scalar");
        if (indent >= this.indentNext) {
          if (this.blockScalarIndent === -1)
            this.indentNext = indent;
          else {
            this.indentNext = this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
          }
          do {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = this.buffer.indexOf("\n", cs);
          } while (nl !== -1);
          if (nl === -1) {
            if (!this.atEnd)
              return this.setNext("block-scalar");
            nl = this.buffer.length;
          }
        }
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === " ")
          ch = this.buffer[++i];
        if (ch === "	") {
          while (ch === "	" || ch === " " || ch === "\r" || ch === "\n")
            ch = this.buffer[++i];
          nl = i - 1;
        } else if (!this.blockScalarKeep) {
          do {
            let i2 = nl - 1;
            let ch2 = this.buffer[i2];
            if (ch2 === "\r")
              ch2 = this.buffer[--i2];
            const lastChar = i2;
            while (ch2 === " ")
              ch2 = this.buffer[--i2];
            if (ch2 === "\n" && i2 >= this.pos && i2 + 1 + indent > lastChar)
              nl = i2;
            else
              break;
          } while (true);
        }
        yield cst.SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
      }
      *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while (ch = this.buffer[++i]) {
          if (ch === ":") {
            const next = this.buffer[i + 1];
            if (isEmpty(next) || inFlow && flowIndicatorChars.has(next))
              break;
            end = i;
          } else if (isEmpty(ch)) {
            let next = this.buffer[i + 1];
            if (ch === "\r") {
              if (next === "\n") {
                i += 1;
                ch = "\n";
                next = this.buffer[i + 1];
              } else
                end = i;
            }
            if (next === "#" || inFlow && flowIndicatorChars.has(next))
              break;
            if (ch === "\n") {
              const cs = this.continueScalar(i + 1);
              if (cs === -1)
                break;
              i = Math.max(i, cs - 2);
            }
          } else {
            if (inFlow && flowIndicatorChars.has(ch))
              break;
            end = i;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("plain-scalar");
        yield cst.SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? "flow" : "doc";
      }
      *pushCount(n) {
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos += n;
          return n;
        }
        return 0;
      }
      *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
          yield s;
          this.pos += s.length;
          return s.length;
        } else if (allowEmpty)
          yield "";
        return 0;
      }
      *pushIndicators() {
        let n = 0;
        loop: while (true) {
          switch (this.charAt(0)) {
            case "!":
              n += yield* this.pushTag();
              n += yield* this.pushSpaces(true);
              continue loop;
            case "&":
              n += yield* this.pushUntil(isNotAnchorChar);
              n += yield* this.pushSpaces(true);
              continue loop;
            case "-":
            // this is an error
            case "?":
            // this is an error outside flow collections
            case ":": {
              const inFlow = this.flowLevel > 0;
              const ch1 = this.charAt(1);
              if (isEmpty(ch1) || inFlow && flowIndicatorChars.has(ch1)) {
                if (!inFlow)
                  this.indentNext = this.indentValue + 1;
                else if (this.flowKey)
                  this.flowKey = false;
                n += yield* this.pushCount(1);
                n += yield* this.pushSpaces(true);
                continue loop;
              }
            }
          }
          break loop;
        }
        return n;
      }
      *pushTag() {
        if (this.charAt(1) === "<") {
          let i = this.pos + 2;
          let ch = this.buffer[i];
          while (!isEmpty(ch) && ch !== ">")
            ch = this.buffer[++i];
          return yield* this.pushToIndex(ch === ">" ? i + 1 : i, false);
        } else {
          let i = this.pos + 1;
          let ch = this.buffer[i];
          while (ch) {
            if (tagChars.has(ch))
              ch = this.buffer[++i];
            else if (ch === "%" && hexDigits.has(this.buffer[i + 1]) && hexDigits.has(this.buffer[i + 2])) {
              ch = this.buffer[i += 3];
            } else
              break;
          }
          return yield* this.pushToIndex(i, false);
        }
      }
      *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === "\n")
          return yield* this.pushCount(1);
        else if (ch === "\r" && this.charAt(1) === "\n")
          return yield* this.pushCount(2);
        else
          return 0;
      }
      *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
          ch = this.buffer[++i];
        } while (ch === " " || allowTabs && ch === "	");
        const n = i - this.pos;
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos = i;
        }
        return n;
      }
      *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
          ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
      }
    };
    exports.Lexer = Lexer;
  }
});

// node_modules/yaml/dist/parse/line-counter.js
var require_line_counter = __commonJS({
  "node_modules/yaml/dist/parse/line-counter.js"(exports) {
    "use strict";
    var LineCounter = class {
      constructor() {
        this.lineStarts = [];
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        this.linePos = (offset) => {
          let low = 0;
          let high = this.lineStarts.length;
          while (low < high) {
            const mid = low + high >> 1;
            if (this.lineStarts[mid] < offset)
              low = mid + 1;
            else
              high = mid;
          }
          if (this.lineStarts[low] === offset)
            return { line: low + 1, col: 1 };
          if (low === 0)
            return { line: 0, col: offset };
          const start = this.lineStarts[low - 1];
          return { line: low, col: offset - start + 1 };
        };
      }
    };
    exports.LineCounter = LineCounter;
  }
});

// node_modules/yaml/dist/parse/parser.js
var require_parser = __commonJS({
  "node_modules/yaml/dist/parse/parser.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var cst = require_cst();
    var lexer = require_lexer();
    function includesToken(list, type) {
      for (let i = 0; i < list.length; ++i)
        if (list[i].type === type)
          return true;
      return false;
    }
    function findNonEmptyIndex(list) {
      for (let i = 0; i < list.length; ++i) {
        switch (list[i].type) {
          case "space":
          case "comment":
          case "newline":
            break;
          default:
            return i;
        }
      }
      return -1;
    }
    function isFlowToken(token) {
      switch (token?.type) {
        case "alias":
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "flow-collection":
          return true;
        default:
          return false;
      }
    }
    function getPrevProps(parent) {
      switch (parent.type) {
        case "document":
          return parent.start;
        case "block-map": {
          const it = parent.items[parent.items.length - 1];
          return it.sep ?? it.start;
        }
        case "block-seq":
          return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
          return [];
      }
    }
    function getFirstKeyStartProps(prev) {
      if (prev.length === 0)
        return [];
      let i = prev.length;
      loop: while (--i >= 0) {
        switch (prev[i].type) {
          case "doc-start":
          case "explicit-key-ind":
          case "map-value-ind":
          case "seq-item-ind":
          case "newline":
            break loop;
        }
      }
      while (prev[++i]?.type === "space") {
      }
      return prev.splice(i, prev.length);
    }
    function arrayPushArray(target, source) {
      if (source.length < 1e5)
        Array.prototype.push.apply(target, source);
      else
        for (let i = 0; i < source.length; ++i)
          target.push(source[i]);
    }
    function fixFlowSeqItems(fc) {
      if (fc.start.type === "flow-seq-start") {
        for (const it of fc.items) {
          if (it.sep && !it.value && !includesToken(it.start, "explicit-key-ind") && !includesToken(it.sep, "map-value-ind")) {
            if (it.key)
              it.value = it.key;
            delete it.key;
            if (isFlowToken(it.value)) {
              if (it.value.end)
                arrayPushArray(it.value.end, it.sep);
              else
                it.value.end = it.sep;
            } else
              arrayPushArray(it.start, it.sep);
            delete it.sep;
          }
        }
      }
    }
    var Parser = class {
      /**
       * @param onNewLine - If defined, called separately with the start position of
       *   each new line (in `parse()`, including the start of input).
       */
      constructor(onNewLine) {
        this.atNewLine = true;
        this.atScalar = false;
        this.indent = 0;
        this.offset = 0;
        this.onKeyLine = false;
        this.stack = [];
        this.source = "";
        this.type = "";
        this.lexer = new lexer.Lexer();
        this.onNewLine = onNewLine;
      }
      /**
       * Parse `source` as a YAML stream.
       * If `incomplete`, a part of the last line may be left as a buffer for the next call.
       *
       * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
       *
       * @returns A generator of tokens representing each directive, document, and other structure.
       */
      *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
          this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
          yield* this.next(lexeme);
        if (!incomplete)
          yield* this.end();
      }
      /**
       * Advance the parser by the `source` of one lexical token.
       */
      *next(source) {
        this.source = source;
        if (node_process.env.LOG_TOKENS)
          console.log("|", cst.prettyToken(source));
        if (this.atScalar) {
          this.atScalar = false;
          yield* this.step();
          this.offset += source.length;
          return;
        }
        const type = cst.tokenType(source);
        if (!type) {
          const message2 = `Not a YAML token: ${source}`;
          yield* this.pop({ type: "error", offset: this.offset, message: message2, source });
          this.offset += source.length;
        } else if (type === "scalar") {
          this.atNewLine = false;
          this.atScalar = true;
          this.type = "scalar";
        } else {
          this.type = type;
          yield* this.step();
          switch (type) {
            case "newline":
              this.atNewLine = true;
              this.indent = 0;
              if (this.onNewLine)
                this.onNewLine(this.offset + source.length);
              break;
            case "space":
              if (this.atNewLine && source[0] === " ")
                this.indent += source.length;
              break;
            case "explicit-key-ind":
            case "map-value-ind":
            case "seq-item-ind":
              if (this.atNewLine)
                this.indent += source.length;
              break;
            case "doc-mode":
            case "flow-error-end":
              return;
            default:
              this.atNewLine = false;
          }
          this.offset += source.length;
        }
      }
      /** Call at end of input to push out any remaining constructions */
      *end() {
        while (this.stack.length > 0)
          yield* this.pop();
      }
      get sourceToken() {
        const st = {
          type: this.type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
        return st;
      }
      *step() {
        const top = this.peek(1);
        if (this.type === "doc-end" && top?.type !== "doc-end") {
          while (this.stack.length > 0)
            yield* this.pop();
          this.stack.push({
            type: "doc-end",
            offset: this.offset,
            source: this.source
          });
          return;
        }
        if (!top)
          return yield* this.stream();
        switch (top.type) {
          case "document":
            return yield* this.document(top);
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return yield* this.scalar(top);
          case "block-scalar":
            return yield* this.blockScalar(top);
          case "block-map":
            return yield* this.blockMap(top);
          case "block-seq":
            return yield* this.blockSequence(top);
          case "flow-collection":
            return yield* this.flowCollection(top);
          case "doc-end":
            return yield* this.documentEnd(top);
        }
        yield* this.pop();
      }
      peek(n) {
        return this.stack[this.stack.length - n];
      }
      *pop(error) {
        const token = error ?? this.stack.pop();
        if (!token) {
          const message2 = "Tried to pop an empty stack";
          yield { type: "error", offset: this.offset, source: "", message: message2 };
        } else if (this.stack.length === 0) {
          yield token;
        } else {
          const top = this.peek(1);
          if (token.type === "block-scalar") {
            token.indent = "indent" in top ? top.indent : 0;
          } else if (token.type === "flow-collection" && top.type === "document") {
            token.indent = 0;
          }
          if (token.type === "flow-collection")
            fixFlowSeqItems(token);
          switch (top.type) {
            case "document":
              top.value = token;
              break;
            case "block-scalar":
              top.props.push(token);
              break;
            case "block-map": {
              const it = top.items[top.items.length - 1];
              if (it.value) {
                top.items.push({ start: [], key: token, sep: [] });
                this.onKeyLine = true;
                return;
              } else if (it.sep) {
                it.value = token;
              } else {
                Object.assign(it, { key: token, sep: [] });
                this.onKeyLine = !it.explicitKey;
                return;
              }
              break;
            }
            case "block-seq": {
              const it = top.items[top.items.length - 1];
              if (it.value)
                top.items.push({ start: [], value: token });
              else
                it.value = token;
              break;
            }
            case "flow-collection": {
              const it = top.items[top.items.length - 1];
              if (!it || it.value)
                top.items.push({ start: [], key: token, sep: [] });
              else if (it.sep)
                it.value = token;
              else
                Object.assign(it, { key: token, sep: [] });
              return;
            }
            /* istanbul ignore next should not happen */
            default:
              yield* this.pop();
              yield* this.pop(token);
          }
          if ((top.type === "document" || top.type === "block-map" || top.type === "block-seq") && (token.type === "block-map" || token.type === "block-seq")) {
            const last = token.items[token.items.length - 1];
            if (last && !last.sep && !last.value && last.start.length > 0 && findNonEmptyIndex(last.start) === -1 && (token.indent === 0 || last.start.every((st) => st.type !== "comment" || st.indent < token.indent))) {
              if (top.type === "document")
                top.end = last.start;
              else
                top.items.push({ start: last.start });
              token.items.splice(-1, 1);
            }
          }
        }
      }
      *stream() {
        switch (this.type) {
          case "directive-line":
            yield { type: "directive", offset: this.offset, source: this.source };
            return;
          case "byte-order-mark":
          case "space":
          case "comment":
          case "newline":
            yield this.sourceToken;
            return;
          case "doc-mode":
          case "doc-start": {
            const doc = {
              type: "document",
              offset: this.offset,
              start: []
            };
            if (this.type === "doc-start")
              doc.start.push(this.sourceToken);
            this.stack.push(doc);
            return;
          }
        }
        yield {
          type: "error",
          offset: this.offset,
          message: `Unexpected ${this.type} token in YAML stream`,
          source: this.source
        };
      }
      *document(doc) {
        if (doc.value)
          return yield* this.lineEnd(doc);
        switch (this.type) {
          case "doc-start": {
            if (findNonEmptyIndex(doc.start) !== -1) {
              yield* this.pop();
              yield* this.step();
            } else
              doc.start.push(this.sourceToken);
            return;
          }
          case "anchor":
          case "tag":
          case "space":
          case "comment":
          case "newline":
            doc.start.push(this.sourceToken);
            return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
          this.stack.push(bv);
        else {
          yield {
            type: "error",
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML document`,
            source: this.source
          };
        }
      }
      *scalar(scalar) {
        if (this.type === "map-value-ind") {
          const prev = getPrevProps(this.peek(2));
          const start = getFirstKeyStartProps(prev);
          let sep;
          if (scalar.end) {
            sep = scalar.end;
            sep.push(this.sourceToken);
            delete scalar.end;
          } else
            sep = [this.sourceToken];
          const map = {
            type: "block-map",
            offset: scalar.offset,
            indent: scalar.indent,
            items: [{ start, key: scalar, sep }]
          };
          this.onKeyLine = true;
          this.stack[this.stack.length - 1] = map;
        } else
          yield* this.lineEnd(scalar);
      }
      *blockScalar(scalar) {
        switch (this.type) {
          case "space":
          case "comment":
          case "newline":
            scalar.props.push(this.sourceToken);
            return;
          case "scalar":
            scalar.source = this.source;
            this.atNewLine = true;
            this.indent = 0;
            if (this.onNewLine) {
              let nl = this.source.indexOf("\n") + 1;
              while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf("\n", nl) + 1;
              }
            }
            yield* this.pop();
            break;
          /* istanbul ignore next should not happen */
          default:
            yield* this.pop();
            yield* this.step();
        }
      }
      *blockMap(map) {
        const it = map.items[map.items.length - 1];
        switch (this.type) {
          case "newline":
            this.onKeyLine = false;
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              it.start.push(this.sourceToken);
            }
            return;
          case "space":
          case "comment":
            if (it.value) {
              map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              if (this.atIndentedComment(it.start, map.indent)) {
                const prev = map.items[map.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  map.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
        }
        if (this.indent >= map.indent) {
          const atMapIndent = !this.onKeyLine && this.indent === map.indent;
          const atNextItem = atMapIndent && (it.sep || it.explicitKey) && this.type !== "seq-item-ind";
          let start = [];
          if (atNextItem && it.sep && !it.value) {
            const nl = [];
            for (let i = 0; i < it.sep.length; ++i) {
              const st = it.sep[i];
              switch (st.type) {
                case "newline":
                  nl.push(i);
                  break;
                case "space":
                  break;
                case "comment":
                  if (st.indent > map.indent)
                    nl.length = 0;
                  break;
                default:
                  nl.length = 0;
              }
            }
            if (nl.length >= 2)
              start = it.sep.splice(nl[1]);
          }
          switch (this.type) {
            case "anchor":
            case "tag":
              if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start });
                this.onKeyLine = true;
              } else if (it.sep) {
                it.sep.push(this.sourceToken);
              } else {
                it.start.push(this.sourceToken);
              }
              return;
            case "explicit-key-ind":
              if (!it.sep && !it.explicitKey) {
                it.start.push(this.sourceToken);
                it.explicitKey = true;
              } else if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start, explicitKey: true });
              } else {
                this.stack.push({
                  type: "block-map",
                  offset: this.offset,
                  indent: this.indent,
                  items: [{ start: [this.sourceToken], explicitKey: true }]
                });
              }
              this.onKeyLine = true;
              return;
            case "map-value-ind":
              if (it.explicitKey) {
                if (!it.sep) {
                  if (includesToken(it.start, "newline")) {
                    Object.assign(it, { key: null, sep: [this.sourceToken] });
                  } else {
                    const start2 = getFirstKeyStartProps(it.start);
                    this.stack.push({
                      type: "block-map",
                      offset: this.offset,
                      indent: this.indent,
                      items: [{ start: start2, key: null, sep: [this.sourceToken] }]
                    });
                  }
                } else if (it.value) {
                  map.items.push({ start: [], key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                  });
                } else if (isFlowToken(it.key) && !includesToken(it.sep, "newline")) {
                  const start2 = getFirstKeyStartProps(it.start);
                  const key = it.key;
                  const sep = it.sep;
                  sep.push(this.sourceToken);
                  delete it.key;
                  delete it.sep;
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: start2, key, sep }]
                  });
                } else if (start.length > 0) {
                  it.sep = it.sep.concat(start, this.sourceToken);
                } else {
                  it.sep.push(this.sourceToken);
                }
              } else {
                if (!it.sep) {
                  Object.assign(it, { key: null, sep: [this.sourceToken] });
                } else if (it.value || atNextItem) {
                  map.items.push({ start, key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [], key: null, sep: [this.sourceToken] }]
                  });
                } else {
                  it.sep.push(this.sourceToken);
                }
              }
              this.onKeyLine = true;
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (atNextItem || it.value) {
                map.items.push({ start, key: fs, sep: [] });
                this.onKeyLine = true;
              } else if (it.sep) {
                this.stack.push(fs);
              } else {
                Object.assign(it, { key: fs, sep: [] });
                this.onKeyLine = true;
              }
              return;
            }
            default: {
              const bv = this.startBlockValue(map);
              if (bv) {
                if (bv.type === "block-seq") {
                  if (!it.explicitKey && it.sep && !includesToken(it.sep, "newline")) {
                    yield* this.pop({
                      type: "error",
                      offset: this.offset,
                      message: "Unexpected block-seq-ind on same line with key",
                      source: this.source
                    });
                    return;
                  }
                } else if (atMapIndent) {
                  map.items.push({ start });
                }
                this.stack.push(bv);
                return;
              }
            }
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *blockSequence(seq) {
        const it = seq.items[seq.items.length - 1];
        switch (this.type) {
          case "newline":
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                seq.items.push({ start: [this.sourceToken] });
            } else
              it.start.push(this.sourceToken);
            return;
          case "space":
          case "comment":
            if (it.value)
              seq.items.push({ start: [this.sourceToken] });
            else {
              if (this.atIndentedComment(it.start, seq.indent)) {
                const prev = seq.items[seq.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  seq.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
          case "anchor":
          case "tag":
            if (it.value || this.indent <= seq.indent)
              break;
            it.start.push(this.sourceToken);
            return;
          case "seq-item-ind":
            if (this.indent !== seq.indent)
              break;
            if (it.value || includesToken(it.start, "seq-item-ind"))
              seq.items.push({ start: [this.sourceToken] });
            else
              it.start.push(this.sourceToken);
            return;
        }
        if (this.indent > seq.indent) {
          const bv = this.startBlockValue(seq);
          if (bv) {
            this.stack.push(bv);
            return;
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === "flow-error-end") {
          let top;
          do {
            yield* this.pop();
            top = this.peek(1);
          } while (top?.type === "flow-collection");
        } else if (fc.end.length === 0) {
          switch (this.type) {
            case "comma":
            case "explicit-key-ind":
              if (!it || it.sep)
                fc.items.push({ start: [this.sourceToken] });
              else
                it.start.push(this.sourceToken);
              return;
            case "map-value-ind":
              if (!it || it.value)
                fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                Object.assign(it, { key: null, sep: [this.sourceToken] });
              return;
            case "space":
            case "comment":
            case "newline":
            case "anchor":
            case "tag":
              if (!it || it.value)
                fc.items.push({ start: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                it.start.push(this.sourceToken);
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (!it || it.value)
                fc.items.push({ start: [], key: fs, sep: [] });
              else if (it.sep)
                this.stack.push(fs);
              else
                Object.assign(it, { key: fs, sep: [] });
              return;
            }
            case "flow-map-end":
            case "flow-seq-end":
              fc.end.push(this.sourceToken);
              return;
          }
          const bv = this.startBlockValue(fc);
          if (bv)
            this.stack.push(bv);
          else {
            yield* this.pop();
            yield* this.step();
          }
        } else {
          const parent = this.peek(2);
          if (parent.type === "block-map" && (this.type === "map-value-ind" && parent.indent === fc.indent || this.type === "newline" && !parent.items[parent.items.length - 1].sep)) {
            yield* this.pop();
            yield* this.step();
          } else if (this.type === "map-value-ind" && parent.type !== "flow-collection") {
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            fixFlowSeqItems(fc);
            const sep = fc.end.splice(1, fc.end.length);
            sep.push(this.sourceToken);
            const map = {
              type: "block-map",
              offset: fc.offset,
              indent: fc.indent,
              items: [{ start, key: fc, sep }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map;
          } else {
            yield* this.lineEnd(fc);
          }
        }
      }
      flowScalar(type) {
        if (this.onNewLine) {
          let nl = this.source.indexOf("\n") + 1;
          while (nl !== 0) {
            this.onNewLine(this.offset + nl);
            nl = this.source.indexOf("\n", nl) + 1;
          }
        }
        return {
          type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
      }
      startBlockValue(parent) {
        switch (this.type) {
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return this.flowScalar(this.type);
          case "block-scalar-header":
            return {
              type: "block-scalar",
              offset: this.offset,
              indent: this.indent,
              props: [this.sourceToken],
              source: ""
            };
          case "flow-map-start":
          case "flow-seq-start":
            return {
              type: "flow-collection",
              offset: this.offset,
              indent: this.indent,
              start: this.sourceToken,
              items: [],
              end: []
            };
          case "seq-item-ind":
            return {
              type: "block-seq",
              offset: this.offset,
              indent: this.indent,
              items: [{ start: [this.sourceToken] }]
            };
          case "explicit-key-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            start.push(this.sourceToken);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, explicitKey: true }]
            };
          }
          case "map-value-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, key: null, sep: [this.sourceToken] }]
            };
          }
        }
        return null;
      }
      atIndentedComment(start, indent) {
        if (this.type !== "comment")
          return false;
        if (this.indent <= indent)
          return false;
        return start.every((st) => st.type === "newline" || st.type === "space");
      }
      *documentEnd(docEnd) {
        if (this.type !== "doc-mode") {
          if (docEnd.end)
            docEnd.end.push(this.sourceToken);
          else
            docEnd.end = [this.sourceToken];
          if (this.type === "newline")
            yield* this.pop();
        }
      }
      *lineEnd(token) {
        switch (this.type) {
          case "comma":
          case "doc-start":
          case "doc-end":
          case "flow-seq-end":
          case "flow-map-end":
          case "map-value-ind":
            yield* this.pop();
            yield* this.step();
            break;
          case "newline":
            this.onKeyLine = false;
          // fallthrough
          case "space":
          case "comment":
          default:
            if (token.end)
              token.end.push(this.sourceToken);
            else
              token.end = [this.sourceToken];
            if (this.type === "newline")
              yield* this.pop();
        }
      }
    };
    exports.Parser = Parser;
  }
});

// node_modules/yaml/dist/public-api.js
var require_public_api = __commonJS({
  "node_modules/yaml/dist/public-api.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var errors = require_errors();
    var log = require_log();
    var identity = require_identity();
    var lineCounter = require_line_counter();
    var parser2 = require_parser();
    function parseOptions(options) {
      const prettyErrors = options.prettyErrors !== false;
      const lineCounter$1 = options.lineCounter || prettyErrors && new lineCounter.LineCounter() || null;
      return { lineCounter: lineCounter$1, prettyErrors };
    }
    function parseAllDocuments(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser2.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      const docs = Array.from(composer$1.compose(parser$1.parse(source)));
      if (prettyErrors && lineCounter2)
        for (const doc of docs) {
          doc.errors.forEach(errors.prettifyError(source, lineCounter2));
          doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
        }
      if (docs.length > 0)
        return docs;
      return Object.assign([], { empty: true }, composer$1.streamInfo());
    }
    function parseDocument(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser2.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      let doc = null;
      for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
        if (!doc)
          doc = _doc;
        else if (doc.options.logLevel !== "silent") {
          doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
          break;
        }
      }
      if (prettyErrors && lineCounter2) {
        doc.errors.forEach(errors.prettifyError(source, lineCounter2));
        doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
      }
      return doc;
    }
    function parse(src, reviver, options) {
      let _reviver = void 0;
      if (typeof reviver === "function") {
        _reviver = reviver;
      } else if (options === void 0 && reviver && typeof reviver === "object") {
        options = reviver;
      }
      const doc = parseDocument(src, options);
      if (!doc)
        return null;
      doc.warnings.forEach((warning) => log.warn(doc.options.logLevel, warning));
      if (doc.errors.length > 0) {
        if (doc.options.logLevel !== "silent")
          throw doc.errors[0];
        else
          doc.errors = [];
      }
      return doc.toJS(Object.assign({ reviver: _reviver }, options));
    }
    function stringify(value, replacer, options) {
      let _replacer = null;
      if (typeof replacer === "function" || Array.isArray(replacer)) {
        _replacer = replacer;
      } else if (options === void 0 && replacer) {
        options = replacer;
      }
      if (typeof options === "string")
        options = options.length;
      if (typeof options === "number") {
        const indent = Math.round(options);
        options = indent < 1 ? void 0 : indent > 8 ? { indent: 8 } : { indent };
      }
      if (value === void 0) {
        const { keepUndefined } = options ?? replacer ?? {};
        if (!keepUndefined)
          return void 0;
      }
      if (identity.isDocument(value) && !_replacer)
        return value.toString(options);
      return new Document.Document(value, _replacer, options).toString(options);
    }
    exports.parse = parse;
    exports.parseAllDocuments = parseAllDocuments;
    exports.parseDocument = parseDocument;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/index.js
var require_dist = __commonJS({
  "node_modules/yaml/dist/index.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var Schema = require_Schema();
    var errors = require_errors();
    var Alias = require_Alias();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var cst = require_cst();
    var lexer = require_lexer();
    var lineCounter = require_line_counter();
    var parser2 = require_parser();
    var publicApi = require_public_api();
    var visit = require_visit();
    exports.Composer = composer.Composer;
    exports.Document = Document.Document;
    exports.Schema = Schema.Schema;
    exports.YAMLError = errors.YAMLError;
    exports.YAMLParseError = errors.YAMLParseError;
    exports.YAMLWarning = errors.YAMLWarning;
    exports.Alias = Alias.Alias;
    exports.isAlias = identity.isAlias;
    exports.isCollection = identity.isCollection;
    exports.isDocument = identity.isDocument;
    exports.isMap = identity.isMap;
    exports.isNode = identity.isNode;
    exports.isPair = identity.isPair;
    exports.isScalar = identity.isScalar;
    exports.isSeq = identity.isSeq;
    exports.Pair = Pair.Pair;
    exports.Scalar = Scalar.Scalar;
    exports.YAMLMap = YAMLMap.YAMLMap;
    exports.YAMLSeq = YAMLSeq.YAMLSeq;
    exports.CST = cst;
    exports.Lexer = lexer.Lexer;
    exports.LineCounter = lineCounter.LineCounter;
    exports.Parser = parser2.Parser;
    exports.parse = publicApi.parse;
    exports.parseAllDocuments = publicApi.parseAllDocuments;
    exports.parseDocument = publicApi.parseDocument;
    exports.stringify = publicApi.stringify;
    exports.visit = visit.visit;
    exports.visitAsync = visit.visitAsync;
  }
});

// node_modules/picocolors/picocolors.js
var require_picocolors = __commonJS({
  "node_modules/picocolors/picocolors.js"(exports, module) {
    var p = process || {};
    var argv = p.argv || [];
    var env = p.env || {};
    var isColorSupported = !(!!env.NO_COLOR || argv.includes("--no-color")) && (!!env.FORCE_COLOR || argv.includes("--color") || p.platform === "win32" || (p.stdout || {}).isTTY && env.TERM !== "dumb" || !!env.CI);
    var formatter = (open2, close, replace = open2) => (input) => {
      let string = "" + input, index = string.indexOf(close, open2.length);
      return ~index ? open2 + replaceClose(string, close, replace, index) + close : open2 + string + close;
    };
    var replaceClose = (string, close, replace, index) => {
      let result = "", cursor = 0;
      do {
        result += string.substring(cursor, index) + replace;
        cursor = index + close.length;
        index = string.indexOf(close, cursor);
      } while (~index);
      return result + string.substring(cursor);
    };
    var createColors = (enabled = isColorSupported) => {
      let f = enabled ? formatter : () => String;
      return {
        isColorSupported: enabled,
        reset: f("\x1B[0m", "\x1B[0m"),
        bold: f("\x1B[1m", "\x1B[22m", "\x1B[22m\x1B[1m"),
        dim: f("\x1B[2m", "\x1B[22m", "\x1B[22m\x1B[2m"),
        italic: f("\x1B[3m", "\x1B[23m"),
        underline: f("\x1B[4m", "\x1B[24m"),
        inverse: f("\x1B[7m", "\x1B[27m"),
        hidden: f("\x1B[8m", "\x1B[28m"),
        strikethrough: f("\x1B[9m", "\x1B[29m"),
        black: f("\x1B[30m", "\x1B[39m"),
        red: f("\x1B[31m", "\x1B[39m"),
        green: f("\x1B[32m", "\x1B[39m"),
        yellow: f("\x1B[33m", "\x1B[39m"),
        blue: f("\x1B[34m", "\x1B[39m"),
        magenta: f("\x1B[35m", "\x1B[39m"),
        cyan: f("\x1B[36m", "\x1B[39m"),
        white: f("\x1B[37m", "\x1B[39m"),
        gray: f("\x1B[90m", "\x1B[39m"),
        bgBlack: f("\x1B[40m", "\x1B[49m"),
        bgRed: f("\x1B[41m", "\x1B[49m"),
        bgGreen: f("\x1B[42m", "\x1B[49m"),
        bgYellow: f("\x1B[43m", "\x1B[49m"),
        bgBlue: f("\x1B[44m", "\x1B[49m"),
        bgMagenta: f("\x1B[45m", "\x1B[49m"),
        bgCyan: f("\x1B[46m", "\x1B[49m"),
        bgWhite: f("\x1B[47m", "\x1B[49m"),
        blackBright: f("\x1B[90m", "\x1B[39m"),
        redBright: f("\x1B[91m", "\x1B[39m"),
        greenBright: f("\x1B[92m", "\x1B[39m"),
        yellowBright: f("\x1B[93m", "\x1B[39m"),
        blueBright: f("\x1B[94m", "\x1B[39m"),
        magentaBright: f("\x1B[95m", "\x1B[39m"),
        cyanBright: f("\x1B[96m", "\x1B[39m"),
        whiteBright: f("\x1B[97m", "\x1B[39m"),
        bgBlackBright: f("\x1B[100m", "\x1B[49m"),
        bgRedBright: f("\x1B[101m", "\x1B[49m"),
        bgGreenBright: f("\x1B[102m", "\x1B[49m"),
        bgYellowBright: f("\x1B[103m", "\x1B[49m"),
        bgBlueBright: f("\x1B[104m", "\x1B[49m"),
        bgMagentaBright: f("\x1B[105m", "\x1B[49m"),
        bgCyanBright: f("\x1B[106m", "\x1B[49m"),
        bgWhiteBright: f("\x1B[107m", "\x1B[49m")
      };
    };
    module.exports = createColors();
    module.exports.createColors = createColors;
  }
});

// node_modules/commander/esm.mjs
var import_index = __toESM(require_commander(), 1);
var {
  program,
  createCommand,
  createArgument,
  createOption,
  CommanderError,
  InvalidArgumentError,
  InvalidOptionArgumentError,
  // deprecated old name
  Command,
  Argument,
  Option,
  Help
} = import_index.default;

// src/engine/run.ts
import { randomUUID } from "node:crypto";

// src/dbt/process-io.ts
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
var STDERR_TAIL_BYTES = 4e3;
function readLines(stream, onLine) {
  let buffer = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk) => {
    buffer += chunk;
    let newline = buffer.indexOf("\n");
    while (newline !== -1) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) onLine(line);
      newline = buffer.indexOf("\n");
    }
  });
  stream.on("error", () => void 0);
}
function tailSuffix(stderrTail, logFile) {
  let tail = stderrTail;
  if (!tail && logFile !== void 0) tail = readTail(logFile, STDERR_TAIL_BYTES);
  tail = tail.trim();
  if (!tail) return "";
  const lines = tail.split("\n").slice(-20).join("\n");
  return `
--- last output of the dbt bridge${logFile ? ` (${logFile})` : ""} ---
${lines}`;
}
function readTail(file, bytes) {
  try {
    const fd = openSync(file, "r");
    try {
      const size = fstatSync(fd).size;
      const length = Math.min(size, bytes);
      const buf = Buffer.alloc(length);
      readSync(fd, buf, 0, length, size - length);
      return buf.toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return "";
  }
}

// src/util/json-file.ts
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function isStringArray(value) {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}
function oneLine(error) {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").slice(0, 200);
}
function parseJsonText(text2, label2, shape) {
  let value;
  try {
    value = JSON.parse(text2);
  } catch (error) {
    return { ok: false, reason: `${label2} is not valid JSON (${oneLine(error)})` };
  }
  return shape(value, label2);
}
function readJsonFile(path, label2, shape) {
  let text2;
  try {
    text2 = readFileSync(path, "utf8");
  } catch (error) {
    return { ok: false, reason: `cannot read ${label2} (${error.code ?? oneLine(error)})` };
  }
  return parseJsonText(text2, label2, shape);
}
async function readJsonFileAsync(path, label2, shape) {
  let text2;
  try {
    text2 = await readFile(path, "utf8");
  } catch (error) {
    return { ok: false, reason: `cannot read ${label2} (${error.code ?? oneLine(error)})` };
  }
  return parseJsonText(text2, label2, shape);
}

// src/dbt/protocol.ts
var BRIDGE_ERROR_KINDS = [
  "dbt_missing",
  // dbt could not be imported
  "dbt_unsupported",
  // a dbt version (or the new dbt 2 engine) the bridge cannot host
  "profile",
  // profile or target missing/invalid
  "project",
  // dbt_project.yml missing/invalid
  "parse",
  // project failed to parse/compile
  "selection",
  // unknown selector, bad selection syntax, missing --state
  "database",
  // could not connect / query
  "internal"
];

// src/dbt/replies.ts
function shown(value) {
  if (value === null || value === void 0) return String(value);
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}\u2026` : value)}`;
  return `${typeof value} ${String(value)}`;
}
function is(what, test) {
  return (value, path) => test(value) ? void 0 : `${path} is not ${what} (got ${shown(value)})`;
}
var text = is("a string", (v) => typeof v === "string");
var number = is("a number", (v) => typeof v === "number");
var whole = is("a whole number", (v) => Number.isInteger(v));
var flag = is("true or false", (v) => typeof v === "boolean");
var anything = () => void 0;
var anyObject = is("an object", isPlainObject);
function oneOf(values) {
  return is(`one of ${values.map((v) => JSON.stringify(v)).join(", ")}`, (v) => values.some((allowed) => allowed === v));
}
function nullable(check) {
  return (value, path) => value === null ? void 0 : check(value, path);
}
function optional(check) {
  return (value, path) => value === void 0 ? void 0 : check(value, path);
}
function listOf(check) {
  return (value, path) => {
    if (!Array.isArray(value)) return `${path} is not a list (got ${shown(value)})`;
    for (const [i, item] of value.entries()) {
      const problem = check(item, `${path}[${i}]`);
      if (problem) return problem;
    }
    return void 0;
  };
}
function mapOf(check) {
  return (value, path) => {
    if (!isPlainObject(value)) return `${path} is not an object (got ${shown(value)})`;
    for (const [key, item] of Object.entries(value)) {
      const problem = check(item, `${path}[${JSON.stringify(key)}]`);
      if (problem) return problem;
    }
    return void 0;
  };
}
function fields(checks) {
  return (value, path) => {
    if (!isPlainObject(value)) return `${path} is not an object (got ${shown(value)})`;
    for (const key of Object.keys(checks)) {
      const problem = checks[key](value[key], `${path}.${key}`);
      if (problem) return problem;
    }
    return void 0;
  };
}
function parser(check) {
  return (value, label2) => {
    const problem = check(value, label2);
    return problem === void 0 ? { ok: true, value } : { ok: false, reason: problem };
  };
}
var nodeResult = fields({
  unique_id: text,
  status: text,
  timing: listOf(fields({ name: text, started_at: nullable(text), completed_at: nullable(text) })),
  thread_id: text,
  execution_time: number,
  adapter_response: anyObject,
  message: nullable(text),
  failures: nullable(number),
  compiled: optional(nullable(flag)),
  compiled_code: optional(nullable(text)),
  relation_name: optional(nullable(text)),
  batch_results: anything,
  overload_results: anything
});
var errorKind = oneOf(BRIDGE_ERROR_KINDS);
var events = {
  ready: fields({ event: oneOf(["ready"]), dbtVersion: text, python: text }),
  fatal: fields({ event: oneOf(["fatal"]), kind: errorKind, message: text }),
  node_start: fields({ event: oneOf(["node_start"]), id: whole, uniqueId: text, startedAt: text }),
  node_finish: fields({ event: oneOf(["node_finish"]), id: whole, uniqueId: text, result: nodeResult })
};
var isEventName = (name) => typeof name === "string" && Object.hasOwn(events, name);
function parseBridgeEvent(value, label2) {
  const name = isPlainObject(value) ? value.event : void 0;
  if (!isEventName(name)) return { ok: false, reason: `${label2} is not an event the dbt bridge sends (event ${shown(name)})` };
  return parser(events[name])(value, name);
}
var replyId = nullable(whole);
var successReply = fields({ id: replyId, ok: is("true", (v) => v === true), result: anything });
var failureReply = fields({
  id: replyId,
  ok: is("false", (v) => v === false),
  error: fields({ kind: errorKind, message: text })
});
function parseBridgeReply(value, label2) {
  if (!isPlainObject(value) || typeof value.ok !== "boolean") return { ok: false, reason: `${label2} has no "ok": true or false (got ${shown(value)})` };
  return value.ok ? parser(successReply)(value, label2) : parser(failureReply)(value, label2);
}
function parseProtocolLine(line) {
  let value;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: "invalid", reason: `dbt bridge wrote an invalid protocol line: ${line.slice(0, 200)}` };
  }
  if (isPlainObject(value) && value.event !== void 0) return { kind: "event", parsed: parseBridgeEvent(value, "event") };
  return { kind: "reply", parsed: parseBridgeReply(value, "reply") };
}
var parseNoResult = parser(is("null", (v) => v === null));
var parseParseResult = parser(
  fields({
    manifestPath: text,
    dbtVersion: text,
    adapterVersion: text,
    target: fields({ profileName: text, targetName: text, adapterType: text, database: nullable(text), schema: text, threads: whole }),
    envVarsByUniqueId: mapOf(listOf(text)),
    projectEnvVarsHash: nullable(text),
    profileEnvVarsHash: nullable(text),
    envVarDigests: mapOf(text),
    vars: fields({ global: anyObject, byPackage: mapOf(anyObject), cli: anyObject }),
    projectName: text,
    packagesInstallPath: text,
    rereadFiles: optional(listOf(text)),
    partialParseGuard: optional(flag)
  })
);
var parseListResult = parser(fields({ uniqueIds: listOf(text), warnings: optional(listOf(text)) }));
var relationFields = { database: nullable(text), schema: text, identifier: text, type: nullable(text) };
var parseRelationsResult = parser(fields({ relations: listOf(fields(relationFields)) }));
var parseRecordedRelationsResult = parser(
  fields({
    relations: listOf(
      fields({
        ...relationFields,
        records: listOf(fields({ hash: text, uniqueId: nullable(text), kind: nullable(text), runId: nullable(text), recordedAt: nullable(text), matches: flag }))
      })
    ),
    schemas: listOf(fields({ database: nullable(text), schema: text, recordsTable: flag, recordsError: nullable(text) }))
  })
);
var parseFreshnessResult = parser(
  fields({
    results: listOf(
      fields({ uniqueId: text, status: text, maxLoadedAt: nullable(text), snapshottedAt: nullable(text), ageSeconds: nullable(number), error: nullable(text) })
    )
  })
);
var parseCompileResult = parser(
  fields({ results: listOf(fields({ uniqueId: text, compiledCode: nullable(text), error: nullable(text) })) })
);
var tableRef = { database: nullable(text), schema: text, identifier: text };
var parseColumnsReply = parser(
  fields({
    method: oneOf(["catalog", "adapter"]),
    relations: listOf(fields({ ...tableRef, columns: nullable(listOf(fields({ name: text, type: text }))), error: nullable(text) }))
  })
);
var parseCountsReply = parser(
  fields({ relations: listOf(fields({ ...tableRef, rows: optional(whole), timedOut: optional(flag), error: optional(text) })) })
);
var parseBuildResult = parser(
  fields({
    success: flag,
    results: listOf(nodeResult),
    elapsedTime: number,
    error: optional(text),
    recordWarnings: optional(listOf(text))
  })
);
var runStatusParsers = {
  begin: parser(fields({ table: text, cleanupError: nullable(text) })),
  delete_run: parser(fields({ table: text, error: optional(text) })),
  read: parser(
    fields({
      rows: listOf(fields({ uniqueId: text, shard: nullable(text), status: text, message: nullable(text) })),
      errors: listOf(text)
    })
  ),
  write: parser(anyObject),
  finish: parser(fields({ errors: listOf(text) }))
};
function parseRunStatusReply(op) {
  return runStatusParsers[op];
}
var parseDbtNodeResult = parser(nodeResult);

// src/dbt/spawn.ts
import { spawn } from "node:child_process";
import { closeSync as closeSync2, existsSync, openSync as openSync2 } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
function bridgeScriptPath() {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, "dbt_bridge"), resolve(here, "..", "..", "python", "dbt_bridge")];
  for (const candidate of candidates) if (existsSync(join(candidate, "__main__.py"))) return candidate;
  throw new Error(`the dbt_bridge package (dbt_bridge/__main__.py) was not found; looked at ${candidates.join(", ")}`);
}
function bridgeEnv(opts) {
  return { PYTHONUNBUFFERED: "1", PYTHONIOENCODING: "utf-8", ...opts.env ?? process.env };
}
function spawnBridge(opts) {
  const logFd = opts.logFile === void 0 ? void 0 : openSync2(opts.logFile, "a");
  try {
    return spawn(opts.python, [opts.bridgeScript], {
      cwd: opts.projectDir,
      env: bridgeEnv(opts),
      stdio: ["pipe", logFd ?? "ignore", logFd ?? "pipe", "pipe"],
      windowsHide: true
    });
  } finally {
    if (logFd !== void 0) closeSync2(logFd);
  }
}

// src/dbt/bridge.ts
var BridgeError = class extends Error {
  kind;
  constructor(kind2, message2) {
    super(message2);
    this.name = "BridgeError";
    this.kind = kind2;
  }
};
var CLOSE_TIMEOUT_MS = 15e3;
var KILL_ESCALATION_MS = 15e3;
var DbtBridge = class _DbtBridge {
  /** dbt version the bridge reported when it started. */
  dbtVersion;
  /** Version of the Python running the bridge. */
  pythonVersion;
  child;
  stdin;
  logFile;
  stderrTail = "";
  nextId = 1;
  current;
  queue = [];
  exitError;
  exited;
  killTimer;
  closing = false;
  killed = false;
  constructor(child, ready, logFile, exited) {
    this.child = child;
    this.stdin = child.stdin;
    this.dbtVersion = ready.dbtVersion;
    this.pythonVersion = ready.python;
    this.logFile = logFile;
    this.exited = exited;
  }
  /** Spawns the bridge and waits for its `ready` event. Rejects with a BridgeError (`dbt_missing` when dbt cannot be imported). */
  /**
   * Spawns the bridge and resolves once it is ready. `started`: the same process, spawned earlier with these very
   * options (the CLI's early start, prestart.ts) and still running; its output so far waits in its pipes.
   */
  static async start(opts, started) {
    const child = started ?? spawnBridge(opts);
    return new Promise((resolvePromise, rejectPromise) => {
      let bridge;
      let settled = false;
      let stderrTail = "";
      let resolveExited;
      const exited = new Promise((r) => resolveExited = r);
      const fail = (error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        rejectPromise(error);
      };
      const timeoutMs = opts.readyTimeoutMs ?? 12e4;
      const timer = setTimeout(
        () => fail(new BridgeError("internal", `dbt bridge did not become ready within ${timeoutMs / 1e3}s${tailSuffix(stderrTail, opts.logFile)}`)),
        timeoutMs
      );
      child.stderr?.setEncoding("utf8");
      child.stderr?.on("data", (chunk) => {
        stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
        if (bridge) bridge.stderrTail = stderrTail;
      });
      child.stdin?.on("error", () => void 0);
      child.on("error", (error) => {
        const message2 = error.code === "ENOENT" ? `cannot start Python: ${opts.python} does not exist (install dbt-core and an adapter, or pass --dbt PATH)` : `cannot start the dbt bridge with ${opts.python}: ${error.message}`;
        if (!settled) fail(new BridgeError(error.code === "ENOENT" ? "dbt_missing" : "internal", message2));
      });
      const protocol = child.stdio[3];
      if (!protocol) {
        fail(new BridgeError("internal", "dbt bridge has no protocol pipe (fd 3)"));
        return;
      }
      const protocolEnded = new Promise((r) => {
        protocol.once("end", r);
        protocol.once("close", r);
      });
      child.on("exit", (code, signal) => {
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        void Promise.race([protocolEnded, delay(1e3)]).then(() => {
          resolveExited();
          if (!settled) {
            fail(new BridgeError("internal", `dbt bridge exited (${how}) before it was ready${tailSuffix(stderrTail, opts.logFile)}`));
            return;
          }
          bridge?.onExit(how);
        });
      });
      readLines(protocol, (text2) => {
        const line = parseProtocolLine(text2);
        if (settled) {
          bridge?.onLine(line);
          return;
        }
        if (line.kind === "invalid") fail(new BridgeError("internal", line.reason));
        else if (line.kind !== "event") fail(new BridgeError("internal", "the dbt bridge replied before it was ready"));
        else if (!line.parsed.ok) fail(new BridgeError("internal", `the dbt bridge started with a malformed event: ${line.parsed.reason}`));
        else if (line.parsed.value.event === "ready") {
          const ready = line.parsed.value;
          settled = true;
          clearTimeout(timer);
          bridge = new _DbtBridge(child, ready, opts.logFile, exited);
          bridge.stderrTail = stderrTail;
          resolvePromise(bridge);
        } else if (line.parsed.value.event === "fatal") fail(new BridgeError(line.parsed.value.kind, line.parsed.value.message));
      });
    });
  }
  /** Process id of the bridge. */
  get pid() {
    return this.child.pid;
  }
  /** `dbt deps`: installs the packages the project declares. */
  async deps(args) {
    await this.request("deps", args, parseNoResult);
  }
  /** `dbt parse`, keeping the manifest in memory for every later request. */
  parse(args) {
    return this.request("parse", args, parseParseResult);
  }
  // ls/relations/build run on the manifest of the last parse; common args they leave out default to
  // those the parse was given.
  /** `dbt ls` on the in-memory manifest: unique_ids of everything selected (any resource type). */
  ls(args) {
    return this.request("ls", args, parseListResult);
  }
  /** Relations that exist in the given schemas: one query per schema; a missing schema has none. */
  relations(args) {
    return this.request("relations", args, parseRelationsResult);
  }
  /** Relations of the given schemas with their dbt_orchestrator_records rows: one query per schema. */
  recordedRelations(args) {
    return this.request("relations", { ...args, withRecords: true }, parseRecordedRelationsResult);
  }
  /** `dbt source freshness` of exactly these sources, one invocation; unconfigured sources come back "unchecked". */
  freshness(args) {
    return this.request("freshness", args, parseFreshnessResult);
  }
  /** Compiled SQL of exactly these nodes, in this process (no dbt invocation); for the engine's memory only. */
  compile(args) {
    return this.request("compile", args, parseCompileResult);
  }
  impact(args) {
    return args.what === "counts" ? this.request("impact", args, parseCountsReply) : this.request("impact", args, parseColumnsReply);
  }
  /**
   * `dbt build` of exactly `uniqueIds` (no tests pulled in indirectly). node_start/node_finish
   * events stream to `onEvent` as dbt runs. Node failures are results, not rejections; when dbt
   * itself crashes the reply has success=false and `error`.
   */
  build(args, onEvent) {
    return this.request("build", args, parseBuildResult, onEvent);
  }
  /** A sharded run's status table in the warehouse (python/run_status.py; src/shard/status.ts speaks it). */
  runStatus(args) {
    return this.request("run_status", args, parseRunStatusReply(args.op));
  }
  /** Asks the bridge to exit once the queued requests are done, then waits for it. */
  async close() {
    if (this.exitError === void 0 && this.child.exitCode === null && this.child.signalCode === null) {
      const done = this.request("shutdown", void 0, parseNoResult).catch(() => void 0);
      this.closing = true;
      await Promise.race([done, this.exited]);
      this.stdin.end();
      const timedOut = await Promise.race([this.exited.then(() => false), delay(CLOSE_TIMEOUT_MS).then(() => true)]);
      if (timedOut) this.kill("SIGKILL");
    }
    await this.exited;
  }
  /**
   * Stops the bridge now. SIGTERM lets dbt cancel its running queries and exit (escalated to
   * SIGKILL if it takes too long); pending requests reject with a BridgeError.
   */
  kill(signal = "SIGTERM") {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.killed = true;
    this.child.kill(signal);
    if (signal !== "SIGKILL" && this.killTimer === void 0) {
      this.killTimer = setTimeout(() => this.kill("SIGKILL"), KILL_ESCALATION_MS);
      this.killTimer.unref();
    }
  }
  // -- internals ---------------------------------------------------------------------------
  request(cmd, args, parse, onEvent) {
    if (this.exitError) return Promise.reject(this.exitError);
    return new Promise((resolvePromise, rejectPromise) => {
      const id = this.nextId++;
      const settle = (result) => {
        const parsed = parse(result, "result");
        if (parsed.ok) resolvePromise(parsed.value);
        else rejectPromise(malformed(cmd, "a malformed result", parsed.reason));
      };
      const pending = { id, cmd, settle, reject: rejectPromise, onEvent };
      const line = JSON.stringify(args === void 0 ? { id, cmd } : { id, cmd, args }) + "\n";
      this.queue.push({ pending, line });
      this.pump();
    });
  }
  pump() {
    if (this.current || this.exitError) return;
    const next = this.queue.shift();
    if (!next) return;
    this.current = next.pending;
    this.stdin.write(next.line);
  }
  /** A protocol line after `ready`: an event, or the reply to the request in flight. */
  onLine(line) {
    const current = this.current;
    if (line.kind === "invalid") {
      this.failCurrent(new BridgeError("internal", line.reason));
      return;
    }
    if (line.kind === "event") {
      if (!line.parsed.ok) {
        if (current) current.callbackError ??= malformed(current.cmd, "a malformed event", line.parsed.reason);
        return;
      }
      const event = line.parsed.value;
      if ((event.event === "node_start" || event.event === "node_finish") && current && event.id === current.id && current.onEvent) {
        try {
          current.onEvent(event);
        } catch (error) {
          current.callbackError ??= error;
        }
      }
      return;
    }
    const parsed = line.parsed;
    if (!parsed.ok) {
      this.failCurrent(malformed(current?.cmd ?? "no request", "a malformed reply", parsed.reason));
      return;
    }
    const reply = parsed.value;
    if (!current || reply.id !== current.id) {
      this.failCurrent(new BridgeError("internal", `dbt bridge replied to request ${String(reply.id)} while ${current ? current.id : "none"} was in flight`));
      return;
    }
    this.current = void 0;
    if (current.callbackError !== void 0) current.reject(toError(current.callbackError));
    else if (reply.ok) current.settle(reply.result);
    else current.reject(new BridgeError(reply.error.kind, reply.error.message));
    this.pump();
  }
  failCurrent(error) {
    const current = this.current;
    this.current = void 0;
    current?.reject(error);
    this.pump();
  }
  onExit(how) {
    if (this.killTimer) clearTimeout(this.killTimer);
    if (this.exitError) return;
    this.exitError = this.closing ? new BridgeError("internal", "dbt bridge is closed") : this.killed ? new BridgeError("internal", `dbt bridge was stopped (${how})`) : new BridgeError("internal", `dbt bridge exited unexpectedly (${how})${tailSuffix(this.stderrTail, this.logFile)}`);
    const pending = [this.current, ...this.queue.map((q) => q.pending)].filter((p) => p !== void 0);
    this.current = void 0;
    this.queue.length = 0;
    for (const p of pending) p.reject(this.exitError);
  }
};
function malformed(cmd, what, reason) {
  return new BridgeError("internal", `the dbt bridge replied to ${cmd} with ${what}: ${reason}`);
}
function toError(value) {
  return value instanceof Error ? value : new Error(String(value));
}
function delay(ms) {
  return new Promise((r) => setTimeout(r, ms).unref());
}

// src/errors.ts
var EXIT_OK = 0;
var EXIT_NODE_FAILED = 1;
var EXIT_BAD_INPUT = 2;
var EXIT_INTERRUPTED = 130;
var InputError = class extends Error {
  constructor(input, message2) {
    super(`${input}: ${message2}`);
    this.input = input;
    this.name = "InputError";
  }
  input;
};

// src/dbt/environment.ts
function cycleMessage(error) {
  const names = error.cycle.map((id) => {
    const [type, , ...rest] = id.split(".");
    return `${type} ${rest.join(".")}`;
  });
  return `dbt project error: these nodes depend on each other in a cycle: ${names.join(" -> ")}; remove one of the ref()/source() dependencies that close it`;
}
async function probeWarehouse(bridge, args, target) {
  if (!target.schema) return [];
  try {
    const { relations } = await bridge.relations({ ...args, schemas: [{ database: target.database, schema: target.schema }] });
    return relations;
  } catch (error) {
    if (!(error instanceof BridgeError) || error.kind !== "database") throw error;
    throw new InputError(`target '${target.targetName}'`, warehouseMessage(error.message, target.adapterType));
  }
}
function warehouseMessage(message2, adapterType) {
  const first = message2.trim();
  if (/could not set lock on file|conflicting lock/i.test(first)) {
    return `the ${adapterType} database is locked by another process (${first}); stop that process (another dbt run, a DuckDB shell or notebook) or point the profile at another file, then run again. Nothing was run`;
  }
  return `cannot reach the ${adapterType} warehouse (${first}); check the profile's connection settings and that the warehouse is up. Nothing was run`;
}

// src/dbt/locate.ts
import { execFileSync } from "node:child_process";
import { closeSync as closeSync3, openSync as openSync3, readSync as readSync2, realpathSync, statSync } from "node:fs";
import { delimiter, dirname as dirname2, isAbsolute, join as join2, resolve as resolve2 } from "node:path";
var DbtNotFoundError = class extends Error {
  /** Every path that was tried, in order. */
  tried;
  constructor(message2, tried) {
    super(message2);
    this.name = "DbtNotFoundError";
    this.tried = tried;
  }
};
var WINDOWS = process.platform === "win32";
var BIN_DIR = WINDOWS ? "Scripts" : "bin";
var DBT_NAMES = WINDOWS ? ["dbt.exe", "dbt"] : ["dbt"];
var PYTHON_NAMES = WINDOWS ? ["python.exe", "python3.exe"] : ["python", "python3"];
var HINT = "Install dbt-core and an adapter (e.g. `pip install dbt-core dbt-duckdb` in a virtualenv), or pass --dbt PATH.";
function locateDbt(opts) {
  const cwd = opts.cwd ?? process.cwd();
  const tried = [];
  if (opts.dbtPath !== void 0 && opts.dbtPath !== "") {
    const explicit = opts.dbtPath;
    const candidates2 = isBareName(explicit) ? pathCandidates(explicit, opts.env) : [resolve2(cwd, explicit)];
    for (const candidate of candidates2) {
      tried.push(candidate);
      if (isFile(candidate)) return withPython(candidate, opts.env);
    }
    throw new DbtNotFoundError(
      `dbt not found at ${explicit}${candidates2.length > 1 || candidates2[0] !== explicit ? ` (tried ${candidates2.join(", ")})` : ""}: it must be an existing dbt executable. ${HINT}`,
      tried
    );
  }
  const candidates = [];
  const venv = opts.env.VIRTUAL_ENV;
  if (venv) candidates.push(...DBT_NAMES.map((n) => join2(resolve2(cwd, venv), BIN_DIR, n)));
  for (let dir = resolve2(cwd, opts.projectDir); ; dir = dirname2(dir)) {
    candidates.push(...DBT_NAMES.map((n) => join2(dir, ".venv", BIN_DIR, n)));
    if (dirname2(dir) === dir) break;
  }
  candidates.push(...DBT_NAMES.map((n) => join2(resolve2(cwd), ".venv", BIN_DIR, n)));
  for (const name of DBT_NAMES) candidates.push(...pathCandidates(name, opts.env));
  const seen = /* @__PURE__ */ new Set();
  for (const candidate of candidates) {
    if (seen.has(candidate)) continue;
    seen.add(candidate);
    tried.push(candidate);
    if (isFile(candidate)) return withPython(candidate, opts.env);
  }
  throw new DbtNotFoundError(`dbt not found. Looked for:
  ${tried.join("\n  ")}
${HINT}`, tried);
}
function withPython(dbt, env) {
  const python = pythonFor(dbt, env);
  if (!python) {
    const engine = newEngineVersion(probeVersion(dbt, env));
    if (engine) throw new DbtNotFoundError(unsupportedEngineMessage(dbt, engine), [dbt]);
    throw new DbtNotFoundError(
      `found dbt at ${dbt} but not the Python interpreter that runs it (no python next to it, no usable #! line). ${HINT}`,
      [dbt]
    );
  }
  return { dbt, python };
}
function pythonFor(dbt, env = process.env) {
  const fromShebang = shebangInterpreter(dbt, env);
  if (fromShebang && fromShebang.absolute) return fromShebang.path;
  const dirs = [dirname2(dbt)];
  try {
    const real = realpathSync(dbt);
    if (dirname2(real) !== dirs[0]) dirs.push(dirname2(real));
  } catch {
  }
  for (const dir of dirs) {
    for (const name of PYTHON_NAMES) {
      const candidate = join2(dir, name);
      if (isFile(candidate)) return candidate;
    }
  }
  return fromShebang?.path;
}
function shebangInterpreter(script, env) {
  const head = readHead(script, 1024);
  if (!head.startsWith("#!")) return void 0;
  const lines = head.split(/\r?\n/);
  const words2 = lines[0].slice(2).trim().split(/\s+/);
  let interpreter = words2[0] ?? "";
  if (interpreter.endsWith("/env")) interpreter = words2.slice(1).find((w) => !w.startsWith("-")) ?? "";
  if (/\/(ba|da)?sh$/.test(interpreter)) {
    const exec = lines.slice(1, 4).join("\n").match(/^'''exec' "?([^"\s]+)"?/m);
    interpreter = exec ? exec[1] : "";
  }
  if (!interpreter || !/python/i.test(interpreter.split(/[\\/]/).pop() ?? "")) return void 0;
  if (isAbsolute(interpreter)) return isFile(interpreter) ? { path: interpreter, absolute: true } : void 0;
  const found = pathCandidates(interpreter, env).find(isFile);
  return found ? { path: found, absolute: false } : void 0;
}
function pathCandidates(name, env) {
  const path = env.PATH ?? env.Path ?? "";
  return path.split(delimiter).filter((dir) => dir !== "").map((dir) => join2(dir, name));
}
function isBareName(p) {
  return !p.includes("/") && !p.includes("\\");
}
function isFile(p) {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
function readHead(file, bytes) {
  try {
    const fd = openSync3(file, "r");
    try {
      const buf = Buffer.alloc(bytes);
      const n = readSync2(fd, buf, 0, bytes, 0);
      return buf.subarray(0, n).toString("utf8");
    } finally {
      closeSync3(fd);
    }
  } catch {
    return "";
  }
}
var SUPPORTED_DBT = "dbt-core 1.10, 1.11 and 1.12";
var PIN = "pin dbt-core with its adapter, e.g. `pip install dbt-core==1.12.6 dbt-duckdb==1.11.1`";
function newEngineVersion(versionOutput) {
  if (!versionOutput) return void 0;
  const fusion = versionOutput.match(/\bdbt-fusion\s+v?(\d+\.\d+\S*)/i);
  if (fusion) return fusion[1];
  const plain = versionOutput.match(/^\s*dbt(?:-core)?\s+v?([2-9]\.\d+\S*)/im);
  return plain ? plain[1] : void 0;
}
function unsupportedEngineMessage(dbt, version2) {
  return `${dbt} is the new dbt engine (dbt ${version2}), which dbt-orchestrator cannot drive yet: it supports ${SUPPORTED_DBT}; ${PIN}, and pass --dbt to that install if another dbt comes first on PATH`;
}
function probeVersion(dbt, env) {
  try {
    return execFileSync(dbt, ["--version"], { env, encoding: "utf8", timeout: 15e3, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const out = error.stdout;
    return typeof out === "string" ? out : void 0;
  }
}

// src/dbt/start.ts
var import_yaml2 = __toESM(require_dist(), 1);
import { existsSync as existsSync3, mkdirSync, readFileSync as readFileSync3 } from "node:fs";
import { dirname as dirname3, join as join5 } from "node:path";

// src/dbt/prestart.ts
import { join as join3, resolve as resolve3 } from "node:path";
function bridgeLogFile(projectDir) {
  return join3(projectDir, "logs", "dbt-orchestrator.log");
}

// src/dbt/profiles.ts
var import_yaml = __toESM(require_dist(), 1);
import { existsSync as existsSync2, readFileSync as readFileSync2 } from "node:fs";
import { homedir } from "node:os";
import { join as join4, resolve as resolve4 } from "node:path";
function profilesCandidates(lookup) {
  if (lookup.profilesDir) return [{ dir: lookup.profilesDir, via: "profiles-dir" }];
  const fromEnv = lookup.env.DBT_PROFILES_DIR;
  if (fromEnv) return [{ dir: resolve4(lookup.projectDir, fromEnv), via: "DBT_PROFILES_DIR" }];
  const home = lookup.env.HOME || homedir();
  return [
    { dir: lookup.projectDir, via: "the project folder" },
    { dir: join4(home, ".dbt"), via: "~/.dbt" }
  ];
}
function missingProfilesMessage(lookup, howToPass) {
  const candidates = profilesCandidates(lookup);
  if (candidates.some((c) => existsSync2(join4(c.dir, "profiles.yml")))) return void 0;
  const looked = candidates.map((c) => `${c.via} (${c.dir})`).join(" and ");
  const where = candidates[0].via === "DBT_PROFILES_DIR" ? `DBT_PROFILES_DIR points at ${candidates[0].dir}, which has no profiles.yml` : `dbt looks in ${looked} and neither has one`;
  return [
    `no profiles.yml found: ${where}. dbt needs it to connect to your warehouse.`,
    `Commit a profiles.yml whose credentials come from env_var(), and pass its folder with ${howToPass} (or set DBT_PROFILES_DIR). For example, <folder>/profiles.yml:`,
    "",
    ...exampleProfile(profileNameOf(lookup.projectDir))
  ].join("\n");
}
function profileNameOf(projectDir) {
  try {
    const project = (0, import_yaml.parse)(readFileSync2(join4(projectDir, "dbt_project.yml"), "utf8"));
    const name = project?.profile;
    return typeof name === "string" && /^[A-Za-z0-9_-]+$/.test(name) ? name : void 0;
  } catch {
    return void 0;
  }
}
function exampleProfile(name) {
  return [
    `${name ?? "my_profile"}:   # the \`profile:\` of dbt_project.yml`,
    "  target: prod",
    "  outputs:",
    "    prod:",
    "      type: postgres          # your adapter",
    `      host: "{{ env_var('DBT_HOST') }}"`,
    `      user: "{{ env_var('DBT_USER') }}"`,
    `      password: "{{ env_var('DBT_ENV_SECRET_PASSWORD') }}"`,
    "      port: 5432",
    "      dbname: analytics",
    "      schema: analytics",
    "      threads: 4"
  ];
}

// src/dbt/start.ts
function packagesInstallPath(projectDir) {
  try {
    const project = (0, import_yaml2.parse)(readFileSync3(join5(projectDir, "dbt_project.yml"), "utf8"));
    const value = project?.["packages-install-path"];
    return typeof value === "string" ? value : "dbt_packages";
  } catch {
    return "dbt_packages";
  }
}
function needsDeps(projectDir) {
  const declared = ["packages.yml", "dependencies.yml"].some((f) => existsSync3(join5(projectDir, f)));
  return declared && !existsSync3(join5(projectDir, packagesInstallPath(projectDir)));
}
async function startDbt(options, deps) {
  const noProfiles = missingProfilesMessage({ profilesDir: options.profilesDir, projectDir: options.projectDir, env: deps.env }, "--profiles-dir DIR");
  if (noProfiles) {
    deps.prestarted?.discard();
    throw new InputError("--profiles-dir", noProfiles);
  }
  let located;
  try {
    located = locateDbt({ dbtPath: options.dbtPath, projectDir: options.projectDir, env: deps.env, cwd: deps.cwd });
  } catch (error) {
    deps.prestarted?.discard();
    throw error;
  }
  const logFile = bridgeLogFile(options.projectDir);
  mkdirSync(dirname3(logFile), { recursive: true });
  const spawn2 = { python: located.python, bridgeScript: bridgeScriptPath(), projectDir: options.projectDir, env: deps.env, logFile };
  return DbtBridge.start(spawn2, deps.prestarted?.take(spawn2));
}
function bridgeErrorTitle(kind2) {
  switch (kind2) {
    case "dbt_missing":
      return "dbt is not installed for the selected Python (pass --dbt PATH)";
    case "dbt_unsupported":
      return "unsupported dbt version";
    case "profile":
      return "dbt profile error";
    case "project":
      return "dbt project error";
    case "parse":
      return "dbt could not parse the project";
    case "selection":
      return "dbt rejected the selection";
    default:
      return "dbt error";
  }
}

// src/dbt/manifest.ts
var STRINGS = ["unique_id", "name", "package_name", "original_file_path"];
function badEntry(entry, kind2) {
  if (!isPlainObject(entry)) return "is not an object";
  const strings = kind2 === "macro" ? [...STRINGS, "macro_sql"] : kind2 === "exposure" ? STRINGS : [...STRINGS, "resource_type"];
  const missing = strings.find((key) => typeof entry[key] !== "string");
  if (missing) return `has no "${missing}" string`;
  if (kind2 === "macro" || kind2 === "exposure") return void 0;
  if (!isStringArray(entry.fqn)) return 'has no "fqn" list';
  if (!isPlainObject(entry.config)) return 'has no "config" object';
  if (entry.depends_on !== void 0 && !isPlainObject(entry.depends_on)) return '"depends_on" is not an object';
  if (kind2 === "relation" && (typeof entry.schema !== "string" || !(entry.database === null || typeof entry.database === "string"))) return 'has no "schema" string and "database" string or null';
  return void 0;
}
function badSection(value, section, kind2, optional2) {
  const entries = value[section];
  if (entries === void 0 && optional2) return void 0;
  if (!isPlainObject(entries)) return `has no "${section}" mapping`;
  for (const [id, entry] of Object.entries(entries)) {
    const bad = badEntry(entry, kind2);
    if (bad) return `${section}["${id}"] ${bad}`;
  }
  return void 0;
}
function parseManifest(value, label2) {
  const bad = (why) => ({ ok: false, reason: `${label2} ${why} (is it a dbt manifest.json, schema v12?)` });
  if (!isPlainObject(value)) return bad("is not a JSON object");
  if (!isPlainObject(value.metadata) || typeof value.metadata.dbt_version !== "string") return bad('has no "metadata" with a "dbt_version"');
  const problem = badSection(value, "nodes", "relation", false) ?? badSection(value, "sources", "relation", false) ?? badSection(value, "macros", "macro", false) ?? badSection(value, "unit_tests", "node", true) ?? badSection(value, "exposures", "exposure", true);
  if (problem) return bad(problem);
  for (const map of ["parent_map", "child_map"]) {
    const m = value[map];
    if (m !== void 0 && !(isPlainObject(m) && Object.values(m).every(isStringArray))) return bad(`has a "${map}" that is not a mapping of lists`);
  }
  return { ok: true, value };
}
function parseManifestNodes(value, label2) {
  if (!isPlainObject(value)) return { ok: false, reason: `${label2} is not a JSON object` };
  const problem = badSection(value, "nodes", "relation", false);
  return problem ? { ok: false, reason: `${label2} ${problem} (is it a dbt manifest.json?)` } : { ok: true, value: value.nodes };
}
function readManifestFile(path, label2 = path) {
  return readJsonFileAsync(path, label2, parseManifest);
}
async function readManifest(path) {
  const read = await readManifestFile(path, `the manifest.json dbt wrote (${path})`);
  if (!read.ok) throw new InputError("dbt", `${read.reason}; check that the dbt in use is a supported dbt-core version`);
  return read.value;
}
function allNodes(manifest) {
  const map = /* @__PURE__ */ new Map();
  for (const node of Object.values(manifest.nodes)) map.set(node.unique_id, node);
  for (const source of Object.values(manifest.sources)) map.set(source.unique_id, source);
  for (const unitTest of Object.values(manifest.unit_tests ?? {})) map.set(unitTest.unique_id, unitTest);
  return map;
}
function isEphemeral(node) {
  return node.resource_type === "model" && node.config.materialized === "ephemeral";
}

// src/graph/graph.ts
function buildGraph(nodes) {
  const parents = /* @__PURE__ */ new Map();
  const children = /* @__PURE__ */ new Map();
  for (const id of nodes.keys()) children.set(id, []);
  for (const [id, node] of nodes) {
    const ups = [...new Set(node.depends_on?.nodes ?? [])].filter((p) => nodes.has(p)).sort();
    parents.set(id, ups);
    for (const p of ups) children.get(p).push(id);
  }
  for (const list of children.values()) list.sort();
  return { nodes, parents, children };
}
var DependencyCycleError = class extends Error {
  constructor(cycle) {
    super(`dependency cycle: ${cycle.join(" -> ")}`);
    this.cycle = cycle;
    this.name = "DependencyCycleError";
  }
  cycle;
};
function topologicalOrder(graph) {
  const order = [];
  const state = /* @__PURE__ */ new Map();
  const visit = (id, path) => {
    const s = state.get(id);
    if (s === "done") return;
    if (s === "visiting") throw new DependencyCycleError([...path.slice(path.indexOf(id)), id]);
    state.set(id, "visiting");
    for (const p of graph.parents.get(id) ?? []) visit(p, [...path, id]);
    state.set(id, "done");
    order.push(id);
  };
  for (const id of [...graph.nodes.keys()].sort()) visit(id, []);
  return order;
}
function isTest(node) {
  return node?.resource_type === "test";
}
function isUnitTest(node) {
  return node?.resource_type === "unit_test";
}
function blockedDirectlyBy(graph, id) {
  const node = graph.nodes.get(id);
  const out = /* @__PURE__ */ new Set();
  const addChildrenOf = (parent, includeTests, seen) => {
    if (seen.has(parent)) return;
    seen.add(parent);
    for (const child of graph.children.get(parent) ?? []) {
      const c = graph.nodes.get(child);
      if (!c || isTest(c) && !includeTests) continue;
      out.add(child);
      if (isEphemeral(c)) addChildrenOf(child, true, seen);
    }
  };
  if (isTest(node)) {
    for (const tested of graph.parents.get(id) ?? []) addChildrenOf(tested, false, /* @__PURE__ */ new Set());
  } else if (isUnitTest(node)) {
    for (const tested of graph.parents.get(id) ?? []) out.add(tested);
  } else {
    addChildrenOf(id, true, /* @__PURE__ */ new Set());
  }
  out.delete(id);
  return [...out].sort();
}
function blockedClosure(graph, roots) {
  const seen = /* @__PURE__ */ new Set();
  const stack = [...roots];
  const rootSet = new Set(stack);
  while (stack.length > 0) {
    const id = stack.pop();
    for (const next of blockedDirectlyBy(graph, id)) {
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(next);
    }
  }
  for (const r of rootSet) seen.delete(r);
  return seen;
}

// src/impact/collect.ts
import { join as join6 } from "node:path";

// src/plan/reasons.ts
function describeKey(key, change, nameOf, before, after) {
  const [kind2, ...rest] = key.split(":");
  const subject = rest.join(":");
  switch (kind2) {
    case "code":
      return "code changed";
    case "config":
      return "config changed";
    case "relation":
      return "target relation changed";
    case "columns":
      return "columns or contract changed";
    case "resource":
      return "node identity changed";
    case "macro":
      return change === "changed" ? `macro \`${nameOf(subject)}\` changed` : `macro \`${nameOf(subject)}\` ${change === "added" ? "now called" : "no longer called"}`;
    case "upstream":
      return change === "changed" ? `upstream \`${nameOf(subject)}\` changed` : `upstream \`${nameOf(subject)}\` ${change}`;
    case "data":
      return before && after ? `\`${nameOf(subject)}\` ${before} \u2192 ${after.replace(/^max_loaded_at /, "")}` : `\`${nameOf(subject)}\` data ${after ?? "changed"}`;
    case "var":
      return `var \`${subject}\` changed`;
    case "vars":
      return "vars changed";
    case "env":
      return `env var \`${subject}\` changed`;
    case "target":
      return "target changed";
    case "versions":
      return "dbt or adapter version changed";
    case "project-env":
      return "env vars read by dbt_project.yml changed";
    case "meta":
      return `metadata changed (${subject})`;
    default:
      return `${key} ${change}`;
  }
}
var PRIORITY = ["code", "config", "columns", "macro", "var", "vars", "env", "data", "relation", "target", "versions", "project-env", "resource", "meta", "upstream"];
function priority(key) {
  const index = PRIORITY.indexOf(key.split(":")[0]);
  return index === -1 ? PRIORITY.length : index;
}
function changedInputs(previous, current) {
  const before = new Map(previous.map((i) => [i.key, i.digest]));
  const after = new Map(current.map((i) => [i.key, i.digest]));
  const out = [];
  for (const [key, digest] of after) {
    if (!before.has(key)) out.push({ key, change: "added" });
    else if (before.get(key) !== digest) out.push({ key, change: "changed" });
  }
  for (const key of before.keys()) if (!after.has(key)) out.push({ key, change: "removed" });
  return out.sort((a, b) => priority(a.key) - priority(b.key) || (a.key < b.key ? -1 : 1));
}
function describeChanges(previous, current, nameOf, limit = 3) {
  const changes = changedInputs(previous, current);
  if (changes.length === 0) return "inputs changed";
  const valueOf = (inputs, key) => inputs.find((i) => i.key === key)?.value;
  const sentences = [...new Set(changes.map((c) => describeKey(c.key, c.change, nameOf, valueOf(previous, c.key), valueOf(current, c.key))))];
  const shown2 = sentences.slice(0, limit).join("; ");
  return sentences.length > limit ? `${shown2} (+${sentences.length - limit} more)` : shown2;
}

// src/plan/modified.ts
function isOwnInput(key) {
  return !(key === "target" || key === "relation" || key.startsWith("upstream:") || key.startsWith("data:"));
}
function ownInputs(inputs) {
  return inputs.filter((i) => isOwnInput(i.key));
}
function modifiedAgainst(current, production, nameOf) {
  const prod = new Map(production.map((n) => [n.uniqueId, n]));
  const out = [];
  for (const node of current) {
    const before = prod.get(node.uniqueId);
    if (!before) {
      out.push({ uniqueId: node.uniqueId, name: node.name, resourceType: node.resourceType, reason: "new (not in production)" });
      continue;
    }
    const mine = ownInputs(node.inputs);
    const theirs = ownInputs(before.inputs);
    if (changedInputs(theirs, mine).length === 0) continue;
    out.push({ uniqueId: node.uniqueId, name: node.name, resourceType: node.resourceType, reason: describeChanges(theirs, mine, nameOf) });
  }
  return out.sort((a, b) => a.uniqueId < b.uniqueId ? -1 : 1);
}
function parseHashSelector(select) {
  if (select.length !== 1) {
    if (select.some((s) => s.startsWith("hash:"))) throw new Error("hash:modified must be the only selector (use 'hash:modified' or 'hash:modified+')");
    return void 0;
  }
  const [only] = select;
  if (only === "hash:modified") return { modified: true, descendants: false };
  if (only === "hash:modified+") return { modified: true, descendants: true };
  if (only.startsWith("hash:")) throw new Error(`unknown hash selector '${only}'; use 'hash:modified' or 'hash:modified+'`);
  return void 0;
}

// src/plan/state-report.ts
import { readFileSync as readFileSync4, statSync as statSync2 } from "node:fs";
function parseStateReport(text2, label2 = "orchestrator.json") {
  let doc;
  try {
    doc = JSON.parse(text2);
  } catch (error) {
    return { ok: false, reason: `${label2} is not valid JSON (${(error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").slice(0, 200)})` };
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return { ok: false, reason: `${label2} is not a JSON object` };
  const nodes = doc.nodes;
  if (!Array.isArray(nodes)) return { ok: false, reason: `${label2} has no "nodes" list (is it an orchestrator.json written by dbt-orchestrator?)` };
  const out = [];
  for (const [i, node] of nodes.entries()) {
    const parsed = hashedNode(node);
    if (typeof parsed === "string") return { ok: false, reason: `${label2}: nodes[${i}] ${parsed}` };
    out.push(parsed);
  }
  return { ok: true, report: { nodes: out } };
}
function readStateReport(path, label2 = "orchestrator.json") {
  try {
    if (!statSync2(path).isFile()) return { ok: false, reason: `${label2} is not a file` };
    return parseStateReport(readFileSync4(path, "utf8"), label2);
  } catch (error) {
    return { ok: false, reason: `cannot read ${label2} (${error instanceof Error ? error.message : String(error)})` };
  }
}
function hashedNode(value) {
  if (value === null || typeof value !== "object") return "is not an object";
  const v = value;
  for (const field of ["uniqueId", "name", "resourceType"]) {
    if (typeof v[field] !== "string" || v[field] === "") return `has no "${field}" string`;
  }
  if (!Array.isArray(v.inputs)) return `(${String(v.uniqueId)}) has no "inputs" list`;
  const inputs = [];
  for (const input of v.inputs) {
    const i = input;
    if (!i || typeof i.key !== "string" || typeof i.digest !== "string") return `(${String(v.uniqueId)}) has an input without "key" and "digest" strings`;
    inputs.push(typeof i.value === "string" ? { key: i.key, digest: i.digest, value: i.value } : { key: i.key, digest: i.digest });
  }
  return { uniqueId: v.uniqueId, name: v.name, resourceType: v.resourceType, inputs };
}
function checkStateManifest(path, label2 = "manifest.json") {
  let doc;
  try {
    doc = JSON.parse(readFileSync4(path, "utf8"));
  } catch (error) {
    return { ok: false, reason: `${label2} is not valid JSON (${(error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").slice(0, 200)})` };
  }
  const nodes = doc !== null && typeof doc === "object" ? doc.nodes : void 0;
  if (nodes === null || typeof nodes !== "object" || Array.isArray(nodes)) return { ok: false, reason: `${label2} has no "nodes" mapping (is it a dbt manifest?)` };
  return { ok: true };
}

// src/status.ts
var DBT_STATUSES = ["success", "error", "skipped", "partial success", "no-op", "pass", "fail", "warn", "runtime error"];
var SUCCESS = /* @__PURE__ */ new Set(["success", "pass", "warn", "no-op"]);
var NOT_EXECUTED = /* @__PURE__ */ new Set(["skipped", "reused", "not-run", "interrupted", "ephemeral"]);
var NOT_RUN = /* @__PURE__ */ new Set(["not-run", "interrupted"]);
function isSuccess(status) {
  return SUCCESS.has(status);
}
function isWarning(status) {
  return status === "warn";
}
function isFailure(status) {
  return !SUCCESS.has(status) && !NOT_EXECUTED.has(status);
}
function isRetryable(status) {
  return status === "error";
}
function isNotRun(status) {
  return NOT_RUN.has(status);
}
function countStatuses(outcomes) {
  const counts = { built: 0, warned: 0, reused: 0, failed: 0, skipped: 0, skippedByFailure: 0, notRun: 0 };
  for (const o of outcomes) {
    if (o.status === "ephemeral" || o.decision === "ephemeral") continue;
    if (o.status === "reused") counts.reused += 1;
    else if (isSuccess(o.status)) {
      counts.built += 1;
      if (isWarning(o.status)) counts.warned += 1;
    } else if (o.status === "skipped") {
      counts.skipped += 1;
      if (o.skippedBecauseOf !== void 0) counts.skippedByFailure += 1;
    } else if (isNotRun(o.status)) counts.notRun += 1;
    else counts.failed += 1;
  }
  return counts;
}
function runFailed(counts) {
  return counts.failed > 0 || counts.skippedByFailure > 0;
}
function runResultsStatus(status) {
  if (status === "not-run") return "skipped";
  if (status === "interrupted") return "error";
  if (status === "reused" || DBT_STATUSES.includes(status)) return status;
  return "error";
}
function statusLabel(status) {
  return LABELS[status] ?? status.toUpperCase();
}
var LABELS = {
  success: "OK",
  pass: "PASS",
  warn: "WARN",
  error: "ERROR",
  fail: "FAIL",
  skipped: "SKIP",
  reused: "REUSE",
  "no-op": "NO-OP",
  "not-run": "NOT RUN",
  interrupted: "STOPPED",
  "runtime error": "ERROR",
  "partial success": "PARTIAL"
};
function isStale(freshnessStatus) {
  return freshnessStatus === "warn" || isPastErrorAfter(freshnessStatus);
}
function isPastErrorAfter(freshnessStatus) {
  return freshnessStatus === "error" || freshnessStatus === "runtime error";
}

// src/impact/schema-diff.ts
function normalType(type) {
  return type.toLowerCase().replace(/\s+/g, " ").replace(/\s*([(),])\s*/g, "$1").trim();
}
function diffColumns(production, pr) {
  const before = new Map(production.map((c) => [c.name.toLowerCase(), c]));
  const after = new Map(pr.map((c) => [c.name.toLowerCase(), c]));
  const added = pr.filter((c) => !before.has(c.name.toLowerCase()));
  const removed = production.filter((c) => !after.has(c.name.toLowerCase()));
  const retyped = pr.flatMap((c) => {
    const old = before.get(c.name.toLowerCase());
    return old && normalType(old.type) !== normalType(c.type) ? [{ name: c.name, from: old.type, to: c.type }] : [];
  });
  return { added, removed, retyped };
}

// src/impact/collect.ts
var RELATION_TYPES = /* @__PURE__ */ new Set(["model", "seed", "snapshot"]);
var GRACE_MS = 1e4;
var COUNT_GRACE_MS = 1e3;
function tableOf(node) {
  return { database: node.database ?? null, schema: node.schema, identifier: node.alias ?? node.name };
}
function shownRelation(ref) {
  return `${ref.schema}.${ref.identifier}`;
}
function sameTable(a, b) {
  const k = (r) => `${(r.database ?? "").toLowerCase()}.${r.schema.toLowerCase()}.${r.identifier.toLowerCase()}`;
  return k(a) === k(b);
}
function tableKey(r) {
  return JSON.stringify([(r.database ?? "").toLowerCase(), r.schema.toLowerCase(), r.identifier.toLowerCase()]);
}
function modifiedIds(input) {
  if (input.production.hashed) {
    return new Set(modifiedAgainst(input.hashed, input.production.hashed, (id) => id.split(".").pop() ?? id).map((m) => m.uniqueId));
  }
  const ran = new Set(input.outcomes.filter((o) => o.decision === "run").map((o) => o.uniqueId));
  const parentsOf = /* @__PURE__ */ new Map();
  for (const [parent, kids] of input.children) for (const kid of kids) parentsOf.set(kid, [...parentsOf.get(kid) ?? [], parent]);
  return new Set([...ran].filter((id) => !(parentsOf.get(id) ?? []).some((p) => ran.has(p))));
}
function impactTargets(input, modified) {
  const out = [];
  for (const outcome of input.outcomes) {
    const node = input.nodes.get(outcome.uniqueId);
    const current = outcome.decision === "run" && isSuccess(outcome.status) || outcome.decision === "reuse";
    if (!node || !current || !RELATION_TYPES.has(node.resource_type) || isEphemeral(node)) continue;
    const prod = input.production.nodes[outcome.uniqueId];
    const prodIsRelation = prod && RELATION_TYPES.has(prod.resource_type) && prod.config?.materialized !== "ephemeral";
    out.push({ uniqueId: node.unique_id, name: node.name, modified: modified.has(node.unique_id), pr: tableOf(node), production: prodIsRelation ? tableOf(prod) : void 0 });
  }
  return out.sort((a, b) => Number(b.modified) - Number(a.modified));
}
function countTargets(targets, modified, children) {
  const childOfModified = new Set([...modified].flatMap((id) => children.get(id) ?? []));
  return targets.filter((t) => t.modified || childOfModified.has(t.uniqueId));
}
function schemaImpacts(targets, reply) {
  const byKey2 = new Map(reply.relations.map((r) => [tableKey(r), r]));
  return targets.map((t) => {
    const base = { uniqueId: t.uniqueId, name: t.name, relation: shownRelation(t.pr), productionRelation: t.production && shownRelation(t.production), modified: t.modified };
    const pr = byKey2.get(tableKey(t.pr));
    if (!pr?.columns) return { ...base, comparison: { kind: "unavailable", reason: pr?.error ? `could not read the PR's columns (${pr.error})` : "the PR's relation has no columns in the catalog" } };
    if (!t.production) return { ...base, comparison: { kind: "new", columns: pr.columns } };
    if (sameTable(t.pr, t.production)) return { ...base, comparison: { kind: "unavailable", reason: "the PR built into the production relation itself" } };
    const prod = byKey2.get(tableKey(t.production));
    if (!prod?.columns) {
      return { ...base, comparison: prod?.error ? { kind: "unavailable", reason: `could not read production's columns (${prod.error})` } : { kind: "new", columns: pr.columns } };
    }
    return { ...base, comparison: { kind: "compared", diff: diffColumns(prod.columns, pr.columns) } };
  });
}
function countOf(reply, ref) {
  if (!ref) return { kind: "absent" };
  const got = reply?.relations.find((r) => tableKey(r) === tableKey(ref));
  if (!got || got.timedOut) return { kind: "timed-out" };
  if (got.error !== void 0) return { kind: "error", message: got.error };
  return typeof got.rows === "number" ? { kind: "rows", rows: got.rows } : { kind: "timed-out" };
}
function rowImpacts(targets, reply) {
  return targets.map((t) => ({ uniqueId: t.uniqueId, name: t.name, modified: t.modified, pr: countOf(reply, t.pr), production: countOf(reply, t.production) }));
}
async function withDeadline(work, ms, onTimeout) {
  let timer;
  const late = new Promise((resolve8) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve8(void 0);
    }, ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
    work.catch(() => void 0);
  }
}
function message(error) {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0].slice(0, 300);
}
function readProduction(stateDir) {
  const nodes = readJsonFile(join6(stateDir, "manifest.json"), "production's manifest.json", parseManifestNodes);
  if (!nodes.ok) return nodes.reason;
  const report = readStateReport(join6(stateDir, "orchestrator.json"));
  return { nodes: nodes.value, hashed: report.ok ? report.report.nodes : void 0 };
}
async function collectImpact(bridge, options, stateDir, run) {
  try {
    return await collect(bridge, options, stateDir, run);
  } catch (error) {
    const reason = `not available (${message(error)})`;
    return { schema: { available: false, reason }, rows: options.rows ? { available: false, reason } : void 0 };
  }
}
async function collect(bridge, options, stateDir, run) {
  const production = readProduction(stateDir);
  if (typeof production === "string") {
    return { schema: { available: false, reason: production }, rows: options.rows ? { available: false, reason: production } : void 0 };
  }
  const input = { ...run, production };
  const modified = modifiedIds(input);
  const targets = impactTargets(input, modified);
  const ms = options.timeoutSeconds * 1e3 + GRACE_MS;
  const timedOut = `no answer within ${options.timeoutSeconds} s`;
  let stopped = false;
  const stop = () => {
    stopped = true;
    bridge.kill();
  };
  let schema;
  const relations = targets.flatMap((t) => t.production ? [t.pr, t.production] : [t.pr]);
  try {
    const reply = relations.length === 0 ? { method: "catalog", relations: [] } : await withDeadline(bridge.impact({ what: "columns", relations }), ms, stop);
    schema = reply ? { available: true, method: reply.method, nodes: schemaImpacts(targets, reply) } : { available: false, reason: timedOut };
  } catch (error) {
    schema = { available: false, reason: message(error) };
  }
  if (!options.rows) return { schema };
  const counted = countTargets(targets, modified, run.children);
  if (stopped) return { schema, rows: { available: false, reason: timedOut } };
  try {
    const refs = counted.flatMap((t) => t.production && !sameTable(t.pr, t.production) ? [t.production, t.pr] : [t.pr]);
    const deadline = Date.now() + options.timeoutSeconds * 1e3;
    const answered = { relations: [] };
    for (const ref of refs) {
      const remaining = deadline - Date.now();
      if (stopped || remaining <= 0) break;
      const reply = await withDeadline(bridge.impact({ what: "counts", relations: [ref], timeoutSeconds: remaining / 1e3 }), remaining + COUNT_GRACE_MS, stop);
      answered.relations.push(...reply?.relations ?? []);
    }
    return { schema, rows: { available: true, timeoutSeconds: options.timeoutSeconds, nodes: rowImpacts(counted, answered) } };
  } catch (error) {
    return { schema, rows: { available: false, reason: message(error) } };
  }
}

// src/explain/diff.ts
var MAX_CELLS = 4e6;
function splitLines(text2) {
  if (text2 === "") return [];
  const lines = text2.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
function edits(a, b) {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const out = a.slice(0, head).map((line) => ({ op: " ", line }));
  if ((midA.length + 1) * (midB.length + 1) > MAX_CELLS) {
    out.push(...midA.map((line) => ({ op: "-", line })), ...midB.map((line) => ({ op: "+", line })));
  } else {
    const rows = midA.length + 1;
    const cols = midB.length + 1;
    const lcs = new Uint32Array(rows * cols);
    for (let i2 = midA.length - 1; i2 >= 0; i2--) {
      for (let j2 = midB.length - 1; j2 >= 0; j2--) {
        lcs[i2 * cols + j2] = midA[i2] === midB[j2] ? lcs[(i2 + 1) * cols + j2 + 1] + 1 : Math.max(lcs[(i2 + 1) * cols + j2], lcs[i2 * cols + j2 + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < midA.length || j < midB.length) {
      if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
        out.push({ op: " ", line: midA[i++] });
        j++;
      } else if (i < midA.length && (j === midB.length || lcs[(i + 1) * cols + j] >= lcs[i * cols + j + 1])) {
        out.push({ op: "-", line: midA[i++] });
      } else {
        out.push({ op: "+", line: midB[j++] });
      }
    }
  }
  out.push(...a.slice(a.length - tail).map((line) => ({ op: " ", line })));
  return out;
}
function unifiedDiff(before, after, options = {}) {
  const context = options.context ?? 3;
  const all = edits(splitLines(before), splitLines(after));
  if (all.every((e) => e.op === " ")) return [];
  const out = [`--- ${options.oldLabel ?? "before"}`, `+++ ${options.newLabel ?? "after"}`];
  const oldNo = [];
  const newNo = [];
  let o = 1;
  let n = 1;
  for (const e of all) {
    oldNo.push(o);
    newNo.push(n);
    if (e.op !== "+") o++;
    if (e.op !== "-") n++;
  }
  let index = 0;
  while (index < all.length) {
    if (all[index].op === " ") {
      index++;
      continue;
    }
    const start = Math.max(0, index - context);
    let end = index;
    let quiet = 0;
    for (let k = index; k < all.length; k++) {
      if (all[k].op === " ") {
        quiet++;
        if (quiet > 2 * context) break;
      } else {
        quiet = 0;
        end = k;
      }
    }
    const stop = Math.min(all.length, end + context + 1);
    const hunk = all.slice(start, stop);
    const oldCount = hunk.filter((e) => e.op !== "+").length;
    const newCount = hunk.filter((e) => e.op !== "-").length;
    const oldStart = oldCount === 0 ? oldNo[start] - 1 : oldNo[start];
    const newStart = newCount === 0 ? newNo[start] - 1 : newNo[start];
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const e of hunk) out.push(`${e.op}${e.line}`);
    index = stop;
  }
  return out;
}

// src/explain/secret.ts
var SECRET_WORDS = ["password", "passwd", "pwd", "secret", "token", "key", "credential", "credentials", "auth", "private", "cert", "signature", "salt", "session", "cookie", "dsn", "conn"];
function words(name) {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== "");
}
function looksSecret(name) {
  const lower = name.toLowerCase();
  if (["password", "passwd", "secret", "token", "credential", "apikey", "api_key", "private"].some((w) => lower.includes(w))) return true;
  return words(name).some((w) => SECRET_WORDS.includes(w) || SECRET_WORDS.some((s) => s.length >= 5 && w.endsWith(s)));
}

// src/explain/texts.ts
var MAX_TEXT_CHARS = 64 * 1024;
function codeText(node) {
  if (node.resource_type === "seed" || node.resource_type === "unit_test" || node.resource_type === "source" || node.test_metadata) return void 0;
  return node.raw_code ?? void 0;
}
function currentText(key, node, sources) {
  if (key === "code") return codeText(node);
  if (key.startsWith("macro:")) return sources.macros[key.slice("macro:".length)]?.macro_sql;
  return void 0;
}
function explainTexts(node, inputs, sources) {
  const out = {};
  for (const { key } of inputs) {
    const text2 = currentText(key, node, sources);
    if (text2 !== void 0 && text2.length <= MAX_TEXT_CHARS) out[key] = text2;
  }
  return out;
}

// src/explain/explain.ts
var INDENT = "    ";
var MAX_DEPTH = 25;
async function resolveNode(input) {
  const planned = /* @__PURE__ */ new Set([...input.facts.map((f) => f.node.unique_id), ...input.ephemeral]);
  const query = input.query.trim();
  if (planned.has(query)) return query;
  if (input.nodes.has(query)) throw notPlanned(query, input);
  let listed;
  try {
    listed = await input.list(query);
  } catch (error) {
    throw new InputError("explain", `dbt cannot select '${query}' (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); pass a node name or unique_id`);
  }
  let matches = listed.filter((id) => planned.has(id));
  if (matches.length > 1) {
    const named = matches.filter((id) => input.nodes.get(id)?.name === query);
    if (named.length > 0) matches = named;
  }
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new InputError("explain", `'${query}' selects ${matches.length} nodes (${matches.slice(0, 5).join(", ")}${matches.length > 5 ? ", \u2026" : ""}); pass one unique_id`);
  }
  if (listed.length > 0) throw notPlanned(listed[0], input);
  throw new InputError("explain", `no node named '${query}' in the project; pass a node name or unique_id (see dbt ls)`);
}
function notPlanned(id, input) {
  const node = input.nodes.get(id);
  const what = node?.resource_type === "source" ? "a source (it has no result of its own; explain a node that reads it)" : "not among the selected nodes of this command (check --select, --exclude and the command)";
  return new InputError("explain", `'${id}' is ${what}`);
}
function changeOf(key, before, after) {
  const b = before.get(key);
  const a = after.get(key);
  if (!b) return "added";
  if (!a) return "removed";
  return a.digest === b.digest ? "unchanged" : "changed";
}
function label(key, nameOf) {
  const [kind2, ...rest] = key.split(":");
  const subject = rest.join(":");
  switch (kind2) {
    case "macro":
    case "upstream":
    case "data":
      return `${kind2} ${nameOf(subject)}`;
    case "var":
    case "env":
      return `${kind2} ${subject}`;
    case "meta":
      return `metadata ${subject}`;
    case "vars":
      return "vars (read dynamically)";
    default:
      return key;
  }
}
function pad(text2, width) {
  return text2.length >= width ? `${text2} ` : text2 + " ".repeat(width - text2.length);
}
function detail(key, change, before, after, previous, node, ctx, depth) {
  const [kind2, ...rest] = key.split(":");
  const subject = rest.join(":");
  if (kind2 === "env") return { summary: `${change} (env var values are never shown)`, lines: [] };
  if (kind2 === "var") {
    return { summary: `${change} (var values are never stored or shown${looksSecret(subject) ? "; the name looks secret" : ""})`, lines: [] };
  }
  if (kind2 === "data") {
    const old = before.get(key)?.value;
    const now = after.get(key)?.value;
    return { summary: `${change}: ${old ?? "(no data state)"} \u2192 ${now ?? "(no data state)"}`, lines: [] };
  }
  if (kind2 === "code" || kind2 === "macro") {
    const old = change === "added" ? "" : previous.texts?.[key];
    const now = change === "removed" ? "" : currentText(key, node, ctx.input.sources);
    const what = kind2 === "macro" ? change === "added" ? "now called" : change === "removed" ? "no longer called" : "changed" : change;
    if (old === void 0 || now === void 0) {
      const why = kind2 === "code" && now === void 0 ? "seed file, generic or unit test: no text to diff" : "the record keeps no old text (recorded before explain, or too large)";
      return { summary: `${what} (${why})`, lines: [] };
    }
    const name = kind2 === "macro" ? ctx.input.nameOf(subject) : node.original_file_path;
    return { summary: what, lines: unifiedDiff(old, now, { oldLabel: `${name} (as built ${previous.recordedAt})`, newLabel: `${name} (now)` }) };
  }
  if (kind2 === "upstream") return { summary: change, lines: change === "changed" ? upstreamCause(subject, ctx, depth + 1) : [] };
  if (kind2 === "meta") return { summary: `${change} (metadata: does not rebuild)`, lines: [] };
  return { summary: change, lines: [] };
}
function upstreamCause(id, ctx, depth) {
  const { nameOf, nodes } = ctx.input;
  const node = nodes.get(id);
  if (depth > MAX_DEPTH) return ["\u2026 (deeper causes left out)"];
  if (node?.resource_type === "source") return [`source ${nameOf(id)}: its definition (relation, loaded_at), env vars or adapter changed`];
  if (ctx.input.ephemeral.includes(id) || node && node.config?.materialized === "ephemeral") {
    return [`ephemeral model ${nameOf(id)} changed (its code, macros, vars or upstream: it has no record of its own to compare)`];
  }
  const facts = ctx.factsById.get(id);
  if (!facts) return [`${nameOf(id)} is not in this run: its relation now holds another build than the one recorded`];
  if (!facts.previous) return [`${nameOf(id)}: no previous result (${facts.slotState ? "record unavailable" : "never built by dbt-orchestrator"})`];
  const before = facts.previous.inputs;
  const after = facts.hash.inputs;
  const changes = changedInputs(before, after).filter((c) => !c.key.startsWith("meta:"));
  const own = changes.filter((c) => !c.key.startsWith("upstream:"));
  const lines = [];
  if (own.length > 0) {
    const keys = new Set(own.map((c) => c.key));
    lines.push(`${nameOf(id)}: ${describeChanges(before.filter((i) => keys.has(i.key)), after.filter((i) => keys.has(i.key)), nameOf, Infinity)}`);
  }
  for (const c of changes.filter((c2) => c2.key.startsWith("upstream:"))) {
    const parent = c.key.slice("upstream:".length);
    lines.push(`${nameOf(id)}: upstream ${nameOf(parent)} ${c.change}`);
    if (c.change === "changed") lines.push(...upstreamCause(parent, ctx, depth + 1).map((l) => `${INDENT}${l}`));
  }
  return lines.length > 0 ? lines : [`${nameOf(id)}: same inputs, rebuilt from another record`];
}
function fullReason(decision, facts, nameOf) {
  if (!/\(\+\d+ more\)$/.test(decision.reason) || !facts?.previous) return decision.reason;
  return describeChanges(facts.previous.inputs, facts.hash.inputs, nameOf, Infinity);
}
async function explainNode(input) {
  const id = await resolveNode(input);
  const ctx = { input, factsById: new Map(input.facts.map((f) => [f.node.unique_id, f])) };
  const node = input.nodes.get(id);
  const hash2 = input.hashes.get(id);
  const facts = ctx.factsById.get(id);
  const decision = input.decisions.find((d) => d.uniqueId === id);
  const lines = [`${node.resource_type} ${node.name} (${id})`];
  if (decision) lines.push(`decision: ${decision.decision} \u2014 ${fullReason(decision, facts, input.nameOf)}`);
  else lines.push("decision: ephemeral \u2014 compiled into the nodes that select from it (no record of its own)");
  const previous = facts?.previous;
  if (!previous) {
    lines.push(facts?.slotState ? "compared with: nothing (the record of what its relation holds is unavailable)" : "compared with: nothing (no previous result for its relation)");
    lines.push("inputs (all new):");
    for (const i of hash2.inputs) lines.push(`  ${label(i.key, input.nameOf)}`);
    return lines;
  }
  lines.push(`compared with: the record of what ${facts.slot.key} holds (built ${previous.recordedAt}, run ${previous.runId})`);
  const before = new Map(previous.inputs.map((i) => [i.key, i]));
  const after = new Map(hash2.inputs.map((i) => [i.key, i]));
  const order = new Map(changedInputs(previous.inputs, hash2.inputs).map((c, index) => [c.key, index]));
  const keys = [.../* @__PURE__ */ new Set([...after.keys(), ...before.keys()])].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || (a < b ? -1 : 1));
  const width = Math.min(40, Math.max(...keys.map((k) => label(k, input.nameOf).length)) + 2);
  lines.push("inputs (old \u2192 new):");
  for (const key of keys) {
    const change = changeOf(key, before, after);
    if (change === "unchanged") {
      lines.push(`  ${pad(label(key, input.nameOf), width)}unchanged`);
      continue;
    }
    const { summary, lines: more } = detail(key, change, before, after, previous, node, ctx, 0);
    lines.push(`  ${pad(label(key, input.nameOf), width)}${summary}`);
    lines.push(...more.map((l) => `${INDENT}${l}`));
  }
  return lines;
}

// src/hash/digest.ts
import * as crypto from "node:crypto";
function canonicalJson(value) {
  return write(value === void 0 ? null : value, []);
}
var NEEDS_CARE = /[\u0000-\u001f"\\\ud800-\udfff]/;
function jsonString(value) {
  if (!NEEDS_CARE.test(value)) return `"${value}"`;
  if (!value.isWellFormed()) throw new Error("Lone surrogate is not allowed");
  return JSON.stringify(value);
}
function write(value, open2) {
  switch (typeof value) {
    case "string":
      return jsonString(value);
    case "number":
      if (Number.isNaN(value)) throw new Error("NaN is not allowed");
      if (!Number.isFinite(value)) throw new Error("Infinity is not allowed");
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      throw new TypeError("BigInt value can't be serialized in JSON");
    case "object":
      break;
    default:
      return JSON.stringify(value);
  }
  if (value === null) return "null";
  if (open2.includes(value)) throw new Error("Circular reference detected");
  open2.push(value);
  let text2;
  const withJson = value;
  if (typeof withJson.toJSON === "function") {
    text2 = write(withJson.toJSON(), open2);
  } else if (Array.isArray(value)) {
    text2 = "[";
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (i > 0) text2 += ",";
      text2 += item === void 0 || typeof item === "symbol" ? "null" : write(item, open2);
    }
    text2 += "]";
  } else {
    const record = value;
    const keys = Object.keys(record);
    if (keys.length > 1) keys.sort();
    text2 = "{";
    let first = true;
    for (const key of keys) {
      const item = record[key];
      if (item === void 0 || typeof item === "symbol") continue;
      if (!first) text2 += ",";
      first = false;
      text2 += `${jsonString(key)}:${write(item, open2)}`;
    }
    text2 += "}";
  }
  open2.pop();
  return text2;
}
function canonicalInputList(scheme, pairs) {
  let body = "";
  for (let i = 0; i < pairs.length; i++) body += (i > 0 ? "," : "") + inputFragment(pairs[i].key, pairs[i].digest);
  return inputListOf(scheme, body);
}
function inputFragment(key, digest) {
  if (typeof key !== "string" || typeof digest !== "string") return canonicalJson({ key, digest });
  return `{"digest":${jsonString(digest)},"key":${jsonString(key)}}`;
}
function inputListOf(scheme, body) {
  return `{"inputs":[${body}],"scheme":${jsonString(scheme)}}`;
}
var oneShot = crypto.hash;
function sha256(data) {
  return oneShot ? oneShot("sha256", data, "hex") : crypto.createHash("sha256").update(data).digest("hex");
}
function digestOf(value) {
  return sha256(canonicalJson(value));
}

// src/plan/data-state.ts
var UNKNOWN_DATA_POLICIES = ["rebuild", "assume-unchanged"];
function ourMeta(node) {
  const fromConfig = node.config?.meta?.dbt_orchestrator;
  const fromNode = node.meta?.dbt_orchestrator;
  return { ...isObject(fromNode) ? fromNode : {}, ...isObject(fromConfig) ? fromConfig : {} };
}
function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
function parseDuration(text2) {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d|day|days|hours|minutes|seconds)?\s*$/i.exec(text2);
  if (!match) return void 0;
  const n = Number(match[1]);
  const unit = (match[2] ?? "s").toLowerCase()[0];
  return n * ({ s: 1, m: 60, h: 3600, d: 86400 }[unit] ?? 1);
}
function sourcePolicy(source, runPolicy) {
  const declared = ourMeta(source).unknown_data;
  return declared === "rebuild" || declared === "assume-unchanged" ? declared : runPolicy;
}
function lagTolerance(node) {
  const declared = ourMeta(node).lag_tolerance;
  if (declared === void 0 || declared === null) return void 0;
  const seconds4 = parseDuration(String(declared));
  if (seconds4 === void 0) throw new Error(`${node.unique_id}: meta dbt_orchestrator.lag_tolerance '${String(declared)}' is not a duration like 30m, 6h or 2d`);
  return seconds4;
}
function dataStateOf(source, freshness2, runPolicy, runId) {
  if (freshness2?.error || freshness2?.status === "runtime error") {
    return { digest: sha256(`failed:${source.unique_id}:${runId}`), value: `unknown (freshness query failed: ${firstLine(freshness2.error ?? "runtime error")})` };
  }
  if (freshness2?.maxLoadedAt) return { digest: digestOf({ max_loaded_at: freshness2.maxLoadedAt }), value: `max_loaded_at ${freshness2.maxLoadedAt}` };
  const policy = sourcePolicy(source, runPolicy);
  if (policy === "assume-unchanged") return { digest: digestOf("assume-unchanged"), value: "unknown (assumed unchanged)" };
  return { digest: sha256(`unknown:${source.unique_id}:${runId}`), value: "unknown (no freshness config; unknown-sources: rebuild)" };
}
function firstLine(text2) {
  return (text2.split("\n").find((l) => l.trim() !== "") ?? text2).trim().slice(0, 200);
}
function formatDuration(seconds4) {
  if (seconds4 % 86400 === 0) return `${seconds4 / 86400}d`;
  if (seconds4 % 3600 === 0) return `${seconds4 / 3600}h`;
  if (seconds4 % 60 === 0) return `${seconds4 / 60}m`;
  return `${seconds4}s`;
}

// src/plan/plan.ts
var REBUILT_BY_FULL_REFRESH = /* @__PURE__ */ new Set(["model", "seed", "snapshot", "test"]);
function relationKey(relation) {
  return [relation.database ?? "", relation.schema, relation.identifier].map((p) => p.toLowerCase()).join(".");
}
function tooOld(builtAt, options) {
  if (options.maxAgeSeconds === void 0) return void 0;
  const ageSeconds = (options.now.getTime() - Date.parse(builtAt)) / 1e3;
  return ageSeconds > options.maxAgeSeconds ? `older than max-age ${formatDuration(options.maxAgeSeconds)} (built ${builtAt})` : void 0;
}
function decide(facts, options) {
  const { node, hash: hash2, slot, slotState, stored, previous } = facts;
  if (!options.reuse) return { decision: "run", reason: "reuse disabled (--no-reuse)" };
  if (options.fullRefresh && REBUILT_BY_FULL_REFRESH.has(node.resource_type)) return { decision: "run", reason: "full refresh requested" };
  const lagReason = options.lagReused?.get(node.unique_id);
  if (lagReason && slotState) {
    const old2 = tooOld(slotState.recordedAt, options);
    return old2 ? { decision: "run", reason: old2 } : { decision: "reuse", reason: lagReason };
  }
  if (!slotState) return { decision: "run", reason: "no previous result" };
  if (slotState.hash !== hash2.hash) {
    if (facts.unknownUpstream.length > 0) {
      return { decision: "run", reason: `upstream \`${options.nameOf(facts.unknownUpstream[0])}\` was not built by dbt-orchestrator (content unknown)` };
    }
    if (!previous) return { decision: "run", reason: "inputs changed (previous record unavailable)" };
    return { decision: "run", reason: describeChanges(previous.inputs, hash2.inputs, options.nameOf) };
  }
  if (!stored || !isSuccess(stored.status)) return { decision: "run", reason: "no successful result for these inputs" };
  if (slot.relation && !options.existingRelations.has(relationKey(slot.relation))) return { decision: "run", reason: "relation missing" };
  const old = tooOld(slotState.recordedAt, options);
  if (old) return { decision: "run", reason: old };
  const metadata = changedMetadata(stored.inputs, hash2.inputs);
  if (metadata.length > 0) return { decision: "reuse", reason: `metadata changed (${metadata.join(", ")}): reused`, refreshRecord: true };
  return { decision: "reuse", reason: `unchanged since ${slotState.recordedAt}` };
}
function changedMetadata(stored, current) {
  const digests = (inputs) => new Map((inputs ?? []).filter((i) => i.kind === "metadata").map((i) => [i.key, i.digest]));
  const before = digests(stored);
  const after = digests(current);
  const keys = /* @__PURE__ */ new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).map((k) => k.replace(/^meta:/, "")).sort();
}
function planNodes(facts, options) {
  return facts.map((f) => ({ uniqueId: f.node.unique_id, ...decide(f, options) }));
}

// src/report/names.ts
function displaySource(node) {
  return node.resource_type === "source" ? `${node.source_name}.${node.name}` : node.name;
}
function displayName(node) {
  return `${node.resource_type} ${node.name}`;
}

// src/warehouse/records.ts
var schemaKey = (database, schema) => `${database ?? ""}.${schema}`.toLowerCase();
async function readWarehouse(bridge, args, relations) {
  const schemas = /* @__PURE__ */ new Map();
  for (const r of relations) schemas.set(schemaKey(r.database, r.schema), { database: r.database, schema: r.schema });
  const found = /* @__PURE__ */ new Map();
  const problems = /* @__PURE__ */ new Map();
  if (schemas.size > 0) {
    const reply = await bridge.recordedRelations({ ...args, schemas: [...schemas.values()] });
    for (const r of reply.relations) found.set(relationKey(r), r.records);
    for (const s of reply.schemas) if (s.recordsError) problems.set(schemaKey(s.database, s.schema), s.recordsError);
  }
  const consistent = (relation) => {
    const records = found.get(relationKey(relation));
    if (!records) return { ok: false, reason: "relation missing" };
    const problem = problems.get(schemaKey(relation.database, relation.schema));
    if (problem) return { ok: false, reason: `warehouse records unreadable (${problem})` };
    if (records.length === 0) return { ok: false, reason: "no record in the warehouse" };
    if (new Set(records.map((r) => r.hash)).size > 1) return { ok: false, reason: "conflicting records in the warehouse" };
    if (records.some((r) => !r.matches)) return { ok: false, reason: "relation changed outside dbt-orchestrator" };
    return { ok: true, record: records[0] };
  };
  const verdict = (relation, hash2) => {
    const v = consistent(relation);
    if (v.ok && v.record.hash !== hash2) {
      const by = v.record.runId ? ` written by run ${v.record.runId.slice(0, 8)}${v.record.recordedAt ? ` at ${v.record.recordedAt}` : ""}` : "";
      return { ok: false, reason: `warehouse holds another version (${v.record.hash.slice(0, 12)}${by})` };
    }
    return v;
  };
  return {
    existing: new Set(found.keys()),
    verdict,
    builtInRun(relation, uniqueId, hash2, runId) {
      if (!(found.get(relationKey(relation)) ?? []).some((r) => r.runId === runId && r.uniqueId === uniqueId)) return void 0;
      const v = verdict(relation, hash2);
      if (v.ok && (v.record.runId !== runId || v.record.uniqueId !== uniqueId)) return { ok: false, reason: "the warehouse also records another build of it" };
      return v;
    },
    holds(relation) {
      const v = consistent(relation);
      return v.ok ? v.record.hash : void 0;
    }
  };
}
function recordSpecFor(node, slot, hash2) {
  if (!slot.relation || isEphemeral(node)) return void 0;
  const kind2 = node.resource_type === "model" ? String(node.config.materialized ?? "view") : node.resource_type;
  return { uniqueId: node.unique_id, database: slot.relation.database, schema: slot.relation.schema, identifier: slot.relation.identifier, hash: hash2, kind: kind2 };
}
function applyWarehouse(decisions, check, graph, nameOf, options = {}) {
  const forced = /* @__PURE__ */ new Map();
  const running = /* @__PURE__ */ new Set();
  const parentAmong = (id, among) => {
    const seen = /* @__PURE__ */ new Set();
    const stack = [...graph.parents.get(id) ?? []];
    while (stack.length > 0) {
      const parent = stack.pop();
      if (seen.has(parent)) continue;
      seen.add(parent);
      if (among.has(parent)) return parent;
      const node = graph.nodes.get(parent);
      if (node && isEphemeral(node)) stack.push(...graph.parents.get(parent) ?? []);
    }
    return void 0;
  };
  const upstreamForced = (id) => parentAmong(id, forced);
  const rebuiltViewParent = (id) => options.rebuildDropsDependentViews && graph.nodes.get(id)?.config?.materialized === "view" ? parentAmong(id, running) : void 0;
  return decisions.map((decided) => {
    const d = decideWithWarehouse(decided);
    if (d.decision === "run") running.add(d.uniqueId);
    else if (d.decision === "reuse") {
      const parent = rebuiltViewParent(d.uniqueId);
      if (parent) {
        running.add(d.uniqueId);
        return { ...d, decision: "run", reason: `upstream \`${nameOf(parent)}\` is rebuilt, which drops the views that read it` };
      }
    }
    return d;
  });
  function decideWithWarehouse(d) {
    if (d.decision !== "reuse") return d;
    const verdict = check(d.uniqueId);
    if (verdict && !verdict.ok) {
      forced.set(d.uniqueId, `upstream \`${nameOf(d.uniqueId)}\` rebuilt: ${verdict.reason}`);
      return { ...d, decision: "run", reason: verdict.reason };
    }
    const parent = upstreamForced(d.uniqueId);
    if (parent) {
      forced.set(d.uniqueId, forced.get(parent));
      return { ...d, decision: "run", reason: forced.get(parent) };
    }
    return d;
  }
}
function recordingRunner(bridge, records, warn) {
  return {
    async build(args, onEvent) {
      const wanted = new Set(args.uniqueIds);
      const nodes = records.nodes.filter((n) => wanted.has(n.uniqueId));
      const reply = await bridge.build({ ...args, records: { runId: records.runId, nodes } }, onEvent);
      for (const w of reply.recordWarnings ?? []) warn(`could not write a warehouse record (${w}); those relations rebuild next time`);
      return reply;
    }
  };
}

// src/engine/decide.ts
var VIEW_CASCADE_ADAPTERS = /* @__PURE__ */ new Set(["postgres", "redshift"]);
function decideRun(project, selection, world, run, facts, options) {
  const { nodes, graph, parse } = project;
  const { hashes, lagKept: lagKept2 } = run;
  const nameOf = nameLookup(project);
  const planned = planNodes(facts, {
    reuse: options.reuse,
    fullRefresh: options.fullRefresh,
    existingRelations: world.warehouse.existing,
    nameOf,
    now: world.now,
    maxAgeSeconds: options.maxAgeSeconds,
    lagReused: lagKept2
  });
  const decisions = applyWarehouse(
    planned,
    (id) => {
      const relation = world.slots.get(id)?.relation;
      const held = lagKept2.has(id) ? world.slotStates.get(id)?.hash : hashes.get(id).hash;
      return relation && held ? world.warehouse.verdict(relation, held) : void 0;
    },
    graph,
    nameOf,
    { rebuildDropsDependentViews: VIEW_CASCADE_ADAPTERS.has(parse.target.adapterType) }
  );
  const plan = [
    ...decisions.map((d) => {
      const node = nodes.get(d.uniqueId);
      const hash2 = hashes.get(d.uniqueId);
      return { uniqueId: d.uniqueId, name: node.name, resourceType: node.resource_type, decision: d.decision, reason: d.reason, hash: hash2.hash, inputs: hash2.inputs };
    }),
    ...selection.ephemeral.map((id) => ({
      uniqueId: id,
      name: nodes.get(id).name,
      resourceType: "model",
      decision: "ephemeral",
      reason: "compiled into dependents",
      hash: hashes.get(id).hash,
      inputs: hashes.get(id).inputs
    }))
  ];
  return { facts, decisions, plan };
}
async function explainRun(project, selection, run, runPlan, query) {
  const { bridge, args, graph, manifest, parse } = project;
  return explainNode({
    query,
    nodes: graph.nodes,
    sources: { macros: manifest.macros, vars: parse.vars },
    hashes: run.hashes,
    facts: runPlan.facts,
    decisions: runPlan.decisions,
    ephemeral: selection.ephemeral,
    nameOf: nameLookup(project),
    list: async (select) => (await bridge.ls({ ...args, select: [select], exclude: [], indirectSelection: "empty" })).uniqueIds
  });
}
function nameLookup(project) {
  return (id) => {
    const node = project.nodes.get(id);
    return node ? displaySource(node) : id.split(".").pop() ?? id;
  };
}

// src/engine/execution.ts
import { dirname as dirname4, join as join8 } from "node:path";

// src/execute/execute.ts
function syntheticResult(uniqueId, status, message2) {
  return {
    unique_id: uniqueId,
    status,
    timing: [],
    thread_id: "dbt-orchestrator",
    execution_time: 0,
    adapter_response: {},
    message: message2,
    failures: null,
    compiled: null,
    compiled_code: null,
    relation_name: null
  };
}
async function runRound(ids, options, attempts) {
  const results = /* @__PURE__ */ new Map();
  const writes = [];
  const wanted = new Set(ids);
  const started = /* @__PURE__ */ new Set();
  const onEvent = (event) => {
    if (event.event === "node_start" && wanted.has(event.uniqueId)) {
      started.add(event.uniqueId);
      writes.push(options.hooks.invalidate(event.uniqueId));
      options.hooks.onNodeStart?.(event.uniqueId, (attempts.get(event.uniqueId) ?? 0) + 1);
    } else if (event.event === "node_finish" && wanted.has(event.uniqueId)) {
      results.set(event.uniqueId, event.result);
      if (event.result.status === "skipped") return;
      options.hooks.onNodeFinish?.(event.uniqueId, event.result, (attempts.get(event.uniqueId) ?? 0) + 1);
      if (isSuccess(event.result.status)) writes.push(options.hooks.recordSuccess(event.uniqueId, event.result));
    }
  };
  let crash;
  let fatal = false;
  try {
    const reply = await options.runner.build({ uniqueIds: ids, threads: options.threads, fullRefresh: options.fullRefresh }, onEvent);
    for (const r of reply.results) {
      if (!wanted.has(r.unique_id)) continue;
      const seen = results.get(r.unique_id);
      if (!seen) {
        results.set(r.unique_id, r);
        if (isSuccess(r.status)) writes.push(options.hooks.recordSuccess(r.unique_id, r));
      }
    }
    crash = reply.error;
  } catch (error) {
    crash = error instanceof Error ? error.message : String(error);
    fatal = true;
  }
  await Promise.all(writes);
  if (crash) options.hooks.onCrash?.(crash, fatal);
  return { results, started, crash, fatal };
}
async function executeRunSet(options) {
  const { graph } = options;
  const order = new Map(options.runSet.map((id, i) => [id, i]));
  const attempts = /* @__PURE__ */ new Map();
  const final = /* @__PURE__ */ new Map();
  const errors = /* @__PURE__ */ new Map();
  const finish2 = (id, node) => {
    final.set(id, { ...node, attemptErrors: errors.get(id) ?? [] });
  };
  const finalFailures = [];
  let pending = [...options.runSet];
  let round2 = 1;
  while (pending.length > 0) {
    const { results, started, crash, fatal } = await runRound(pending, options, attempts);
    const retryable = [];
    const undecided = [];
    const stopped = crash !== void 0 && options.cancelled?.() === true;
    for (const id of pending) {
      let result = results.get(id);
      if (!result && stopped) {
        const ran = started.has(id);
        const status = ran ? "interrupted" : "not-run";
        const message2 = ran ? "interrupted: the run was stopped while dbt was running this node" : "not run: the run was stopped before this node started";
        finish2(id, { uniqueId: id, attempts: (attempts.get(id) ?? 0) + (ran ? 1 : 0), result: syntheticResult(id, status, message2) });
        continue;
      }
      if (!result && crash) {
        const why = firstLine2(crash);
        if (!started.has(id) && fatal) {
          finish2(id, { uniqueId: id, attempts: attempts.get(id) ?? 0, result: syntheticResult(id, "not-run", `not run: dbt stopped before this node started (${why})`) });
          continue;
        }
        result = syntheticResult(id, "error", `dbt stopped before ${started.has(id) ? "finishing" : "starting"} this node: ${why}`);
      }
      if (!result || result.status === "skipped") {
        undecided.push(id);
        continue;
      }
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      if (!isSuccess(result.status)) errors.set(id, [...errors.get(id) ?? [], { attempt, status: result.status, message: result.message ?? "" }]);
      finish2(id, { uniqueId: id, attempts: attempt, result });
      if (isSuccess(result.status)) continue;
      if (isRetryable(result.status) && attempt <= options.retries && !options.cancelled?.() && !fatal) retryable.push(id);
      else finalFailures.push(id);
    }
    const blockedByFinal = blockedClosure(graph, finalFailures);
    const blockedByRetry = blockedClosure(graph, retryable);
    const next = new Set(retryable);
    for (const id of undecided) {
      if (blockedByRetry.has(id) && !blockedByFinal.has(id)) next.add(id);
      else finish2(id, { uniqueId: id, attempts: attempts.get(id) ?? 0, result: syntheticResult(id, "skipped", "skipped") });
    }
    pending = [...next].sort((a, b) => order.get(a) - order.get(b));
    if (pending.length === 0) break;
    options.hooks.onRetry?.(retryable, options.retryDelaySeconds, round2 + 1, pending.length);
    await options.sleep(options.retryDelaySeconds * 1e3);
    if (options.cancelled?.()) {
      for (const id of pending) {
        if (final.has(id)) finalFailures.push(id);
        else finish2(id, { uniqueId: id, attempts: attempts.get(id) ?? 0, result: syntheticResult(id, "not-run", "not run: the run was stopped before this node started") });
      }
      break;
    }
    round2 += 1;
  }
  attributeSkips(final, finalFailures, graph);
  for (const id of finalFailures) {
    const node = final.get(id);
    node.result = { ...node.result, message: attemptsMessage(node.attemptErrors, node.result.message ?? "") };
  }
  return final;
}
function firstLine2(text2) {
  return text2.split("\n").find((l) => l.trim() !== "")?.trim() ?? "no reason given";
}
function attemptsMessage(attemptErrors, last) {
  if (attemptErrors.length < 2) return last;
  const first = attemptErrors[0];
  const final = attemptErrors[attemptErrors.length - 1];
  if (first.message.trim() === final.message.trim()) return last;
  const total = final.attempt;
  const part = (e) => `attempt ${e.attempt} of ${total}:
${clip(e.message.trim())}`;
  return `${part(first)}

${part(final)}`;
}
var MAX_ATTEMPT_CHARS = 4e3;
function clip(text2) {
  return text2.length <= MAX_ATTEMPT_CHARS ? text2 : `${text2.slice(0, MAX_ATTEMPT_CHARS)}\u2026 (truncated; every attempt's error is in orchestrator.json)`;
}
function attributeSkips(final, failures, graph) {
  const skipped = [...final.values()].filter((n) => n.result.status === "skipped");
  if (skipped.length === 0) return;
  for (const failure of failures) {
    const blocked = blockedClosure(graph, [failure]);
    for (const node of skipped) {
      if (node.skippedBecauseOf === void 0 && blocked.has(node.uniqueId)) {
        node.skippedBecauseOf = failure;
        node.result = { ...node.result, message: `skipped: upstream \`${graph.nodes.get(failure)?.name ?? failure}\` failed` };
      }
    }
  }
}

// src/graph/produced-sources.ts
var PRODUCER_TYPES = /* @__PURE__ */ new Set(["model", "seed", "snapshot"]);
function relationOf(database, schema, identifier) {
  if (!schema || !identifier) return void 0;
  return [database ?? "", schema, identifier].map((p) => p.toLowerCase()).join(".");
}
function isAncestor(graph, ancestor, of) {
  const seen = /* @__PURE__ */ new Set();
  const stack = [of];
  while (stack.length > 0) {
    const id = stack.pop();
    for (const parent of graph.parents.get(id) ?? []) {
      if (parent === ancestor) return true;
      if (!seen.has(parent)) {
        seen.add(parent);
        stack.push(parent);
      }
    }
  }
  return false;
}
function producedSources(graph) {
  const writers = /* @__PURE__ */ new Map();
  for (const id of [...graph.nodes.keys()].sort()) {
    const node = graph.nodes.get(id);
    if (!PRODUCER_TYPES.has(node.resource_type) || isEphemeral(node)) continue;
    const key = relationOf(node.database, node.schema, node.alias ?? node.name);
    if (key && !writers.has(key)) writers.set(key, id);
  }
  const out = /* @__PURE__ */ new Map();
  for (const [id, node] of graph.nodes) {
    if (node.resource_type !== "source") continue;
    const producer = writers.get(relationOf(node.database, node.schema, node.identifier ?? node.name) ?? "");
    if (producer && !isAncestor(graph, id, producer)) out.set(id, producer);
  }
  return out;
}
function linkProducedSources(graph) {
  const produced = producedSources(graph);
  for (const [source, producer] of produced) {
    const parents = graph.parents.get(source) ?? [];
    if (!parents.includes(producer)) graph.parents.set(source, [...parents, producer].sort());
    const children = graph.children.get(producer) ?? [];
    if (!children.includes(source)) graph.children.set(producer, [...children, source].sort());
  }
  return produced;
}
function producerParentsForDbt(graph, produced) {
  const extra = {};
  for (const [source, producer] of [...produced].sort(([a], [b]) => a < b ? -1 : 1)) {
    for (const reader of graph.children.get(source) ?? []) {
      if (reader === producer) continue;
      const node = graph.nodes.get(reader);
      if (!node || node.resource_type === "source") continue;
      if ((node.depends_on?.nodes ?? []).includes(producer)) continue;
      const list = extra[reader] ??= [];
      if (!list.includes(producer)) list.push(producer);
    }
  }
  return extra;
}

// src/report/live.ts
import { existsSync as existsSync4 } from "node:fs";
import { basename, isAbsolute as isAbsolute2, join as join7, relative } from "node:path";

// src/report/colour.ts
var import_picocolors = __toESM(require_picocolors(), 1);
function useColour(stream, env) {
  const force = env.FORCE_COLOR;
  if (force !== void 0) return !["0", "false"].includes(force.trim().toLowerCase());
  if (env.NO_COLOR !== void 0 && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}
function palette(enabled) {
  return import_picocolors.default.createColors(enabled);
}

// src/report/live.ts
var MAX_ERROR_LINES = 20;
var LABEL_WIDTH = 7;
function pad2(text2, width) {
  return `${text2.padEnd(width - 1)} `;
}
function colourOf(status, c) {
  if (status === "warn" || status === "skipped" || status === "not-run" || status === "interrupted") return c.yellow;
  if (status === "reused") return c.cyan;
  if (isSuccess(status)) return c.green;
  return c.red;
}
function seconds(value) {
  return `${(Number.isFinite(value) ? value : 0).toFixed(2)}s`;
}
function duration(value) {
  if (!Number.isFinite(value) || value < 60) return `${(Number.isFinite(value) ? value : 0).toFixed(1)}s`;
  const m = Math.floor(value / 60);
  const s = Math.round(value - m * 60);
  return `${m}m ${String(s).padStart(2, "0")}s`;
}
function startText(display, reason, attempt, c = palette(false)) {
  const why = attempt > 1 ? `attempt ${attempt}` : reason;
  return `${c.dim(pad2("START", LABEL_WIDTH))}${display}${why ? ` (${why})` : ""}`;
}
function finishText(display, result, attempt, index, total, c = palette(false)) {
  const label2 = colourOf(result.status, c)(pad2(statusLabel(result.status), LABEL_WIDTH));
  const attemptText = attempt > 1 ? ` (attempt ${attempt})` : "";
  return `${label2}${display} ${c.dim(`[${index}/${total}] ${seconds(result.execution_time)}`)}${attemptText}`;
}
function errorBlock(message2, options) {
  const indent = options.indent ?? "    ";
  const max = options.maxLines ?? MAX_ERROR_LINES;
  const lines = message2.replace(/\r\n/g, "\n").split("\n").map((l) => l.trimEnd());
  while (lines.length > 0 && lines[0].trim() === "") lines.shift();
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  const shown2 = lines.length > max ? lines.slice(0, max) : lines;
  const out = shown2.map((l) => `${indent}${l}`);
  if (lines.length > max) out.push(`${indent}\u2026 ${lines.length - max} more lines in ${options.logPath}`);
  if (lines.length === 0) out.push(`${indent}dbt gave no message; see ${options.logPath}`);
  if (options.compiledPath) out.push(`${indent}compiled SQL: ${options.compiledPath}`);
  return out;
}
function reuseSummary(count2, verbose) {
  if (count2 === 0) return void 0;
  const what = `${count2} ${count2 === 1 ? "node" : "nodes"} reused`;
  return `${pad2("REUSE", LABEL_WIDTH)}${verbose ? what : `${what} (-v lists them with the reason)`}`;
}
function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
function completedLine(outcomes, interrupted, dbtDied = false) {
  const errors = outcomes.filter((o) => isFailure(o.status)).length;
  const warnings = outcomes.filter((o) => o.status === "warn").length;
  if (interrupted) return "Interrupted: nodes that had not finished were not run";
  if (dbtDied) return `dbt stopped before the run finished${errors > 0 ? ` (${plural(errors, "error")})` : ""}:`;
  if (errors === 0 && warnings === 0) return "Completed successfully";
  const parts = [errors > 0 ? plural(errors, "error") : "", warnings > 0 ? plural(warnings, "warning") : ""].filter(Boolean);
  return `Completed with ${parts.join(" and ")}:`;
}
function doneLine(outcomes) {
  const c = countStatuses(outcomes.map((o) => o.decision === "reuse" ? { ...o, status: "reused" } : o));
  const notRun = c.notRun > 0 ? `, ${c.notRun} not run` : "";
  return `Done: ${c.built} built, ${c.warned} warned, ${c.reused} reused, ${c.failed} failed, ${c.skipped} skipped${notRun}`;
}
function timeLine(wallSeconds, spentSeconds, savedSeconds2) {
  return `Time: ${duration(wallSeconds)} wall, ${duration(spentSeconds)} running nodes, ${duration(savedSeconds2)} saved by reuse`;
}
function parsingText(projectDir) {
  return `Parsing dbt project ${projectDir} \u2026`;
}
function compiledSqlPath(node, targetDir) {
  const file = node.resource_type === "snapshot" ? join7(node.original_file_path, `${node.name}.sql`) : basename(node.path) === basename(node.original_file_path) ? node.original_file_path : join7(node.original_file_path, node.path);
  const path = join7(targetDir, "compiled", node.package_name, file);
  return existsSync4(path) ? path : void 0;
}
function shownPath(path, cwd) {
  const rel = relative(cwd, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute2(rel) ? rel : path;
}
var LiveView = class {
  constructor(output, options) {
    this.output = output;
    this.options = options;
    this.c = palette(output.colour === true);
    this.verbose = output.verbose === true;
  }
  output;
  options;
  c;
  verbose;
  finished = 0;
  total = 0;
  failedInRound = [];
  reasons = /* @__PURE__ */ new Map();
  plan(selected, toRun, reused) {
    for (const r of toRun) this.reasons.set(r.uniqueId, r.reason);
    this.output.line(`Plan: ${selected} selected, ${toRun.length} to run, ${selected - toRun.length} reused`);
    const summary = reuseSummary(reused.length, this.verbose);
    if (summary) this.output.line(this.c.cyan(summary));
    if (this.verbose) for (const r of reused) this.output.line(`${this.c.cyan(pad2("REUSE", LABEL_WIDTH))}${this.options.displayOf(r.uniqueId)} (${r.reason})`);
    this.round(toRun.length);
  }
  /** A new dbt invocation of `count` nodes (the first one, or a retry round). */
  round(count2) {
    this.finished = 0;
    this.total = count2;
    this.failedInRound = [];
  }
  start(uniqueId, attempt) {
    if (this.failedInRound.length > 0 && this.options.blockedBy(this.failedInRound).has(uniqueId)) return;
    this.output.line(startText(this.options.displayOf(uniqueId), this.reasons.get(uniqueId) ?? "", attempt, this.c));
  }
  finish(uniqueId, result, attempt) {
    this.finished += 1;
    this.output.line(finishText(this.options.displayOf(uniqueId), result, attempt, this.finished, Math.max(this.total, this.finished), this.c));
    if (isSuccess(result.status)) return;
    this.failedInRound.push(uniqueId);
    for (const l of errorBlock(result.message ?? "", { compiledPath: this.options.compiledPathOf(uniqueId), logPath: this.options.logPath })) this.output.line(this.c.dim(l));
  }
  retry(names, delaySeconds, round2, count2) {
    if (names.length > 0) this.output.line(this.c.yellow(`RETRY  ${names.join(", ")} in ${delaySeconds}s (round ${round2})`));
    this.round(count2);
  }
  crash(message2) {
    const first = message2.split("\n").find((l) => l.trim() !== "")?.trim() ?? "no reason given";
    this.output.line(this.c.red(`dbt stopped: ${first}`));
    this.output.line(`    see ${this.options.logPath} for dbt's full output`);
  }
  skipped(uniqueId, reason, status) {
    this.output.line(`${colourOf(status, this.c)(pad2(statusLabel(status), LABEL_WIDTH))}${this.options.displayOf(uniqueId)} (${reason})`);
  }
  recap(outcomes, times, interrupted, dbtDied = false) {
    const failures = outcomes.filter((o) => o.decision === "run" && (isFailure(o.status) || o.status === "warn"));
    this.output.line("");
    const completed = completedLine(outcomes, interrupted, dbtDied);
    const failed = dbtDied || outcomes.some((o) => isFailure(o.status));
    this.output.line(failed ? this.c.red(completed) : failures.length > 0 ? this.c.yellow(completed) : this.c.green(completed));
    for (const o of failures) {
      const attempts = o.attempts > 1 ? ` (${o.attempts} attempts)` : "";
      this.output.line("");
      this.output.line(`${colourOf(o.status, this.c)(pad2(statusLabel(o.status), LABEL_WIDTH))}${this.options.displayOf(o.uniqueId)}${attempts}`);
      for (const l of errorBlock(o.result?.message ?? "", { compiledPath: this.options.compiledPathOf(o.uniqueId), logPath: this.options.logPath })) this.output.line(l);
    }
    if (failures.length > 0) this.output.line("");
    this.output.line(doneLine(outcomes));
    this.output.line(timeLine(times.wallSeconds, times.spentSeconds, times.savedSeconds));
    this.output.line(`Log: ${this.options.logPath}`);
  }
};

// src/engine/outcomes.ts
function outcomesOf(decisions, facts, executed) {
  const factsById = new Map(facts.map((f) => [f.node.unique_id, f]));
  return decisions.map((d) => outcomeFor(d, factsById.get(d.uniqueId), executed.get(d.uniqueId)));
}
function outcomeFor(decision, facts, executed) {
  const base = {
    uniqueId: facts.node.unique_id,
    resourceType: facts.node.resource_type,
    name: facts.node.name,
    hash: facts.hash.hash
  };
  if (decision.decision === "reuse") {
    return { ...base, decision: "reuse", reason: decision.reason, reusedFrom: facts.stored, attempts: 0, status: "reused" };
  }
  if (!executed) {
    return { ...base, decision: "skip", reason: "not executed", attempts: 0, status: "skipped" };
  }
  if (executed.result.status === "skipped") {
    return {
      ...base,
      decision: "skip",
      reason: executed.result.message ?? "skipped",
      result: executed.result,
      skippedBecauseOf: executed.skippedBecauseOf,
      attempts: executed.attempts,
      attemptErrors: executed.attemptErrors,
      status: "skipped"
    };
  }
  return { ...base, decision: "run", reason: decision.reason, result: executed.result, attempts: executed.attempts, attemptErrors: executed.attemptErrors, status: executed.result.status };
}
function storedResultFor(facts, result, now, runId) {
  return {
    hash: facts.hash.hash,
    uniqueId: facts.node.unique_id,
    status: result.status,
    slot: facts.slot.key,
    relationName: facts.node.relation_name ?? null,
    inputs: facts.hash.inputs,
    // Compiled SQL has var and env var values rendered in (secrets too): the store, a cached file, never keeps it.
    result: { ...result, compiled_code: null },
    recordedAt: now.toISOString(),
    runId,
    codeHash: facts.hash.codeHash
  };
}

// src/hash/code-equivalence.ts
import { createHmac } from "node:crypto";

// src/hash/normalise-sql.ts
var jinjaMode = true;
var ALLOWED_BLOCK_TAGS = /* @__PURE__ */ new Set(["if", "elif", "else", "endif", "for", "endfor", "set", "do"]);
var RISKY_IN_JINJA_STRING = /['"\\$#]|--|\/\*|\*\//;
var TOKEN_END = /[\s'"`$#\\{\-/]/g;
function isWhitespace(ch) {
  return ch === " " || ch === "\n" || ch === "	" || ch === "\r" || ch === "\f" || ch === "\v";
}
var GiveUp = class extends Error {
};
function giveUp(reason) {
  throw new GiveUp(reason);
}
function jinjaTagEnd(code, start) {
  const kind2 = code[start + 1];
  const close = kind2 === "{" ? "}}" : kind2 === "%" ? "%}" : "#}";
  if (kind2 === "#") {
    const end = code.indexOf(close, start + 2);
    if (end < 0) giveUp("unclosed Jinja comment");
    return end + 2;
  }
  let i = start + 2;
  while (i < code.length) {
    const ch = code[i];
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < code.length && code[j] !== ch) {
        if (code[j] === "\\") giveUp("backslash in a Jinja string");
        j += 1;
      }
      if (j >= code.length) giveUp("unclosed string in a Jinja tag");
      if (RISKY_IN_JINJA_STRING.test(code.slice(i + 1, j))) giveUp("a Jinja string holds SQL quoting or comment characters");
      i = j + 1;
      continue;
    }
    if (code.startsWith(close, i)) {
      if (kind2 === "%") checkBlockTag(code.slice(start + 2, i));
      return i + 2;
    }
    i += 1;
  }
  return giveUp("unclosed Jinja tag");
}
function checkBlockTag(body) {
  const match = body.match(/^-?\s*([A-Za-z_]\w*)/);
  const name = match?.[1] ?? "";
  if (!ALLOWED_BLOCK_TAGS.has(name)) giveUp(`Jinja block tag \`${name || body.trim()}\``);
  if (name === "set" && !/=/.test(body)) giveUp("a `{% set %}` block");
}
function isJinjaOpen(code, i) {
  return jinjaMode && code[i] === "{" && (code[i + 1] === "{" || code[i + 1] === "%" || code[i + 1] === "#");
}
function quotedEnd(code, start, out) {
  const quote = code[start];
  out.push(quote);
  let i = start + 1;
  while (i < code.length) {
    if (isJinjaOpen(code, i)) {
      const end = jinjaTagEnd(code, i);
      if (code[i + 1] !== "#") out.push(code.slice(i, end));
      i = end;
      continue;
    }
    if (code[i] === quote) {
      if (code[i + 1] === quote) {
        out.push(quote + quote);
        i += 2;
        continue;
      }
      out.push(quote);
      return i + 1;
    }
    out.push(code[i]);
    i += 1;
  }
  return giveUp(`unclosed ${quote === "'" ? "string literal" : "quoted identifier"}`);
}
function commentEnd(code, start) {
  const block = code[start] === "/";
  let i = start + 2;
  let hasJinja = false;
  while (i < code.length) {
    if (isJinjaOpen(code, i)) {
      if (code[i + 1] !== "#") hasJinja = true;
      i = jinjaTagEnd(code, i);
      continue;
    }
    if (block && code.startsWith("/*", i)) giveUp("a block comment holds `/*` (nesting differs between dialects)");
    if (block && code.startsWith("*/", i)) return { end: i + 2, hasJinja };
    if (!block && code[i] === "\n") return { end: i, hasJinja };
    i += 1;
  }
  if (block) giveUp("unclosed block comment");
  return { end: i, hasJinja };
}
function normaliseSql(code, options = {}) {
  jinjaMode = options.jinja ?? true;
  try {
    return { ok: true, text: normalise(code) };
  } catch (error) {
    if (error instanceof GiveUp) return { ok: false, reason: error.message };
    throw error;
  } finally {
    jinjaMode = true;
  }
}
function normalise(code) {
  if (code.includes("\\")) giveUp("backslash in the code");
  const out = [];
  let pending = "";
  const space = (ws) => {
    if (pending !== "\n") pending = ws;
  };
  const emit = (text2) => {
    if (pending && out.length > 0) out.push(pending);
    pending = "";
    out.push(text2);
  };
  let i = 0;
  while (i < code.length) {
    const ch = code[i];
    if (isJinjaOpen(code, i)) {
      const end = jinjaTagEnd(code, i);
      if (code[i + 1] !== "#") emit(code.slice(i, end));
      i = end;
    } else if (isWhitespace(ch)) {
      space(ch === "\n" ? "\n" : " ");
      i += 1;
    } else if (code.startsWith("--", i) || code.startsWith("/*", i)) {
      const { end, hasJinja } = commentEnd(code, i);
      if (hasJinja || code.startsWith("/*!", i) || code.startsWith("/*+", i)) emit(code.slice(i, end));
      else space(" ");
      i = end;
    } else if (ch === "'" || ch === '"' || ch === "`") {
      const token = [];
      i = quotedEnd(code, i, token);
      emit(token.join(""));
    } else if (ch === "$") {
      giveUp("`$` in the code (dollar quoting or positional columns)");
    } else if (ch === "#") {
      giveUp("`#` in the code (a comment in some dialects)");
    } else {
      TOKEN_END.lastIndex = i + 1;
      let j = TOKEN_END.exec(code)?.index ?? code.length;
      if (j === i + 1 && (code[i] === "{" || code[i] === "-" || code[i] === "/")) j = i + 1;
      emit(code.slice(i, j));
      i = j;
    }
  }
  return out.join("");
}

// src/hash/metadata.ts
var METADATA_CONFIG_KEYS = ["tags", "meta", "group", "docs", "access"];
var METADATA_KEYS = new Set(METADATA_CONFIG_KEYS);
var DYNAMIC_READS = [
  /(?<![\w.])graph\b/,
  // graph.nodes: every node's config and metadata
  /(?<![\w.])model\s*\.\s*config\b/,
  // the whole config
  /(?<![\w.])model\s*\[\s*[^'"\s]/,
  // model[computed]
  /(?<![\w.])model\s*\.\s*(?:items|keys|values|get)\b/,
  /(?<![\w.])model\s*[|,)]/,
  // the node object handed on (to a filter, a macro)
  /(?<![\w.])config\s*\.\s*(?:get|require)\s*\(\s*(?!['"])/
  // config.get(computed)
];
function keyRead(key) {
  return [
    new RegExp(`(?<![\\w.])config\\s*\\.\\s*(?:get|require)\\s*\\(\\s*['"]${key}['"]`),
    new RegExp(`(?<![\\w.])model\\s*\\.\\s*${key}\\b`),
    new RegExp(`(?<![\\w.])model\\s*\\[\\s*['"]${key}['"]`)
  ];
}
var KEY_READS = new Map(METADATA_CONFIG_KEYS.map((key) => [key, keyRead(key)]));
function scanMetadataReads(texts, from) {
  const reads = { all: from?.all ?? false, keys: new Set(from?.keys) };
  for (const text2 of texts) {
    const model = text2.includes("model");
    const config = text2.includes("config");
    if (!model && !config && !text2.includes("graph")) continue;
    if (!reads.all && DYNAMIC_READS.some((re) => re.test(text2))) reads.all = true;
    if (!model && !config) continue;
    for (const [key, patterns] of KEY_READS) if (!reads.keys.has(key) && text2.includes(key) && patterns.some((re) => re.test(text2))) reads.keys.add(key);
  }
  if (reads.all) for (const key of METADATA_CONFIG_KEYS) reads.keys.add(key);
  return reads;
}
function splitConfig(config, reads) {
  const data = {};
  const metadata = {};
  for (const key of Object.keys(config)) {
    if (METADATA_KEYS.has(key) && !reads.keys.has(key)) metadata[key] = config[key];
    else data[key] = config[key];
  }
  return { data, metadata };
}
var TARGET_ATTRIBUTE = /(?<![\w.])target\s*\.\s*([A-Za-z_]\w*)/g;
var TARGET_DYNAMIC = /(?<![\w.])target\s*(?:\[|[|,)]|\.\s*(?:get|items|keys|values)\b)/;
function scanTargetReads(texts, from) {
  const reads = { all: from?.all ?? false, attributes: new Set(from?.attributes) };
  for (const text2 of texts) {
    if (!text2.includes("target")) continue;
    if (TARGET_DYNAMIC.test(text2)) reads.all = true;
    for (const match of text2.matchAll(TARGET_ATTRIBUTE)) reads.attributes.add(match[1]);
  }
  return reads;
}
var RELATION_NAMING_MACROS = /* @__PURE__ */ new Set(["generate_schema_name", "generate_database_name", "generate_alias_name"]);
function columnSpec(columns, persistColumnDocs) {
  return Object.keys(columns).sort().map((key) => {
    const column = columns[key] ?? {};
    const spec = { name: String(column.name ?? key), data_type: column.data_type ?? null, constraints: column.constraints ?? [] };
    if (persistColumnDocs) spec.description = column.description ?? "";
    return spec;
  });
}

// src/hash/code-equivalence.ts
var OWN_CODE_READ = /\b(?:raw_code|raw_sql|compiled_code|compiled_sql|injected_sql|sql_header)\b/;
function takesPart(node) {
  return node.resource_type === "model" && (node.language ?? "sql") === "sql";
}
function readsOwnCode(texts) {
  return texts.some((text2) => OWN_CODE_READ.test(text2));
}
function normalisedCodeDigest(node, jinjaTexts, metadataReads) {
  if (!takesPart(node) || typeof node.raw_code !== "string") return void 0;
  if (readsOwnCode(jinjaTexts) || (metadataReads ?? scanMetadataReads(jinjaTexts)).all) return void 0;
  const normal = normaliseSql(node.raw_code);
  return normal.ok ? sha256(`normalised-sql:${normal.text}`) : void 0;
}
function compiledSqlDigest(compiledCode, saltKey) {
  if (typeof compiledCode !== "string") return void 0;
  const normal = normaliseSql(compiledCode, { jinja: false });
  return normal.ok ? createHmac("sha256", saltKey).update(`compiled-sql:${normal.text}`).digest("hex") : void 0;
}
function equivalenceDigest(node, inputs, scheme, nodeOf, equivalenceOf) {
  if (!takesPart(node)) return void 0;
  const replaced = inputs.filter((i) => i.kind !== "metadata").map((i) => {
    if (i.key === "code") return { key: i.key, digest: i.normal ?? i.digest };
    const parent = i.key.startsWith("upstream:") ? nodeOf(i.key.slice("upstream:".length)) : void 0;
    if (parent && isEphemeral(parent)) return { key: i.key, digest: equivalenceOf(parent.unique_id) ?? i.digest };
    return { key: i.key, digest: i.digest };
  });
  return sha256(canonicalInputList(`${scheme}/equivalence`, replaced));
}

// src/plan/code-equivalence.ts
var EQUIVALENT_REASON = "code changed (comments/whitespace only): reused";
function heldEffective(state, held) {
  return { hash: state.hash, codeHash: state.codeHash ?? held.codeHash ?? sha256(`no-code-hash:${state.hash}`) };
}
async function hashWithEquivalence(deps) {
  const plain = deps.hash(() => void 0);
  const moved = [...deps.executable].filter((id) => {
    const state = deps.slotState(id);
    return takesPart(deps.nodeOf(id)) && state !== void 0 && state.hash !== plain.get(id)?.hash && deps.relationExists(id);
  });
  if (moved.length === 0) return { hashes: plain, reused: /* @__PURE__ */ new Map(), records: [], compiled: 0 };
  const held = /* @__PURE__ */ new Map();
  for (const id of moved) {
    const result = await deps.getResult(deps.slotState(id).hash);
    if (result && isSuccess(result.status) && result.equivalence && result.compiledDigest) held.set(id, result);
  }
  const candidate = (id, hash2) => {
    const record = held.get(id);
    return record !== void 0 && hash2.equivalence === record.equivalence && hash2.hash !== record.hash;
  };
  if (held.size === 0) return { hashes: plain, reused: /* @__PURE__ */ new Map(), records: [], compiled: 0 };
  const optimistic = deps.hash((id, hash2) => candidate(id, hash2) ? heldEffective(deps.slotState(id), held.get(id)) : void 0);
  const candidates = [...held.keys()].filter((id) => candidate(id, optimistic.get(id)));
  if (candidates.length === 0) return { hashes: plain, reused: /* @__PURE__ */ new Map(), records: [], compiled: 0 };
  const verified = /* @__PURE__ */ new Set();
  const toCompile = [];
  for (const id of candidates) {
    const hash2 = optimistic.get(id);
    const earlier = await deps.getResult(hash2.hash);
    const record = held.get(id);
    if (earlier?.equivalentOf === record.hash && earlier.compiledDigest === record.compiledDigest && isSuccess(earlier.status)) verified.add(id);
    else toCompile.push(id);
  }
  const compiled = toCompile.length === 0 ? /* @__PURE__ */ new Map() : await deps.compile(toCompile).catch((error) => {
    deps.warn(`could not compile ${toCompile.length} node(s) whose code changed only in comments/whitespace (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); they rebuild`);
    return /* @__PURE__ */ new Map();
  });
  const checked = /* @__PURE__ */ new Set();
  for (const id of toCompile) {
    const digest = deps.compiledDigest(compiled.get(id) ?? null);
    if (digest !== void 0 && digest === held.get(id).compiledDigest) {
      verified.add(id);
      checked.add(id);
    }
  }
  const reused = /* @__PURE__ */ new Map();
  const final = verified.size === candidates.length ? optimistic : deps.hash((id, hash2) => {
    if (!verified.has(id) || !candidate(id, hash2) || hash2.hash !== optimistic.get(id).hash) return void 0;
    return heldEffective(deps.slotState(id), held.get(id));
  });
  for (const id of verified) if (final.get(id).hash === optimistic.get(id).hash) reused.set(id, EQUIVALENT_REASON);
  const records = [...checked].filter((id) => reused.has(id)).map((id) => {
    const hash2 = final.get(id);
    const record = held.get(id);
    return { ...record, hash: hash2.hash, inputs: hash2.inputs, codeHash: hash2.codeHash, equivalence: hash2.equivalence, equivalentOf: record.hash };
  });
  return { hashes: final, reused, records, compiled: toCompile.length };
}
function equivalenceFields(node, hash2, result, digestOfCompiled) {
  if (!takesPart(node) || hash2.equivalence === void 0) return {};
  const compiledDigest = digestOfCompiled(result.compiled_code);
  return compiledDigest === void 0 ? {} : { equivalence: hash2.equivalence, compiledDigest };
}

// src/engine/execution.ts
async function executePlan(project, selection, world, run, runPlan, options, deps, context) {
  const { bridge, nodes, graph, parse, manifest, produced } = project;
  const { decisions } = runPlan;
  const { store } = world;
  const output = deps.output;
  const runSet = decisions.filter((d) => d.decision === "run").map((d) => d.uniqueId);
  const logPath = shownPath(join8(options.projectDir, "logs", "dbt-orchestrator.log"), deps.cwd);
  const live = new LiveView(output, {
    logPath,
    displayOf: (id) => displayName(nodes.get(id)),
    compiledPathOf: (id) => {
      const path = compiledSqlPath(nodes.get(id), dirname4(parse.manifestPath));
      return path && shownPath(path, deps.cwd);
    },
    blockedBy: (failed) => blockedClosure(graph, failed)
  });
  live.plan(selection.executable.length, decisions.filter((d) => d.decision === "run"), decisions.filter((d) => d.decision === "reuse"));
  const factsById = new Map(runPlan.facts.map((f) => [f.node.unique_id, f]));
  const warnStore = storeWarning(output.warn);
  for (const d of decisions) {
    const stored = d.refreshRecord && d.decision === "reuse" ? factsById.get(d.uniqueId).stored : void 0;
    if (stored) await store.record({ ...stored, inputs: factsById.get(d.uniqueId).hash.inputs }, { replace: true }).catch(warnStore("refresh a record"));
  }
  const reusedNow = new Set(decisions.filter((d) => d.decision === "reuse").map((d) => d.uniqueId));
  for (const record of (run.equivalentRecords ?? []).filter((r) => reusedNow.has(r.uniqueId))) {
    const texts = explainTexts(nodes.get(record.uniqueId), record.inputs, { macros: manifest.macros, vars: parse.vars });
    await store.record({ ...record, texts }, { replace: true, keepSlot: true }).catch(warnStore("record an equivalent result"));
  }
  if (runSet.length === 0) return { executed: /* @__PURE__ */ new Map(), dbtDied: false, live };
  let dbtDied = false;
  const executed = await executeRunSet({
    graph,
    runSet,
    threads: options.threads ?? parse.target.threads,
    fullRefresh: options.fullRefresh,
    retries: options.retries,
    retryDelaySeconds: options.retryDelaySeconds,
    runner: recordingRunner(
      { build: (buildArgs, onEvent) => bridge.build({ ...buildArgs, extraParents: producerParentsForDbt(graph, produced) }, onEvent) },
      { runId: context.runId, nodes: runSet.flatMap((id) => recordSpecFor(nodes.get(id), world.slots.get(id), run.hashes.get(id).hash) ?? []) },
      output.warn
    ),
    sleep: deps.sleep,
    cancelled: context.interrupted,
    hooks: {
      onNodeStart: (id, attempt) => live.start(id, attempt),
      onNodeFinish: (id, result, attempt) => live.finish(id, result, attempt),
      onRetry: (ids, delay2, round2, pending) => live.retry(ids.map((id) => nodes.get(id).name), delay2, round2, pending),
      onCrash: (message2, fatal) => {
        if (context.interrupted()) return;
        dbtDied ||= fatal;
        live.crash(message2);
      },
      invalidate: (id) => store.clearSlot(factsById.get(id).slot.key).catch(warnStore("clear a slot")),
      recordSuccess: (id, result) => {
        const f = factsById.get(id);
        const texts = explainTexts(f.node, f.hash.inputs, { macros: manifest.macros, vars: parse.vars });
        const equivalent = run.compiledDigest ? equivalenceFields(f.node, f.hash, result, run.compiledDigest) : {};
        return store.record({ ...storedResultFor(f, result, deps.now(), context.runId), texts, ...equivalent }).catch(warnStore("record a result"));
      }
    }
  });
  return { executed, dbtDied, live };
}
function showNotRun(live, outcomes) {
  for (const o of outcomes) if (o.status === "skipped" || isNotRun(o.status)) live.skipped(o.uniqueId, o.result?.message ?? o.reason, o.status);
}
function storeWarning(warn) {
  return (what) => (error) => warn(`could not ${what} in the store: ${error instanceof Error ? error.message : String(error)}`);
}

// src/store/local.ts
import { mkdir as mkdir2, rmdir, stat as stat2, unlink as unlink2 } from "node:fs/promises";
import { join as join11 } from "node:path";

// src/store/local-files.ts
import { createHash as createHash2 } from "node:crypto";
import { existsSync as existsSync5, readFileSync as readFileSync5 } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { dirname as dirname6, join as join10 } from "node:path";

// src/util/atomic-write.ts
import { randomBytes } from "node:crypto";
import { mkdir, open, rename, unlink } from "node:fs/promises";
import { basename as basename2, dirname as dirname5, join as join9 } from "node:path";
var TEMP_SUFFIX = ".tmp";
function toPrettyJson(value) {
  return `${JSON.stringify(value, null, 2)}
`;
}
function tempPathFor(path) {
  const unique = `${process.pid}.${randomBytes(6).toString("hex")}`;
  return join9(dirname5(path), `.${basename2(path)}.${unique}${TEMP_SUFFIX}`);
}
function isTempFileName(name) {
  return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
}
async function writeFileAtomic(path, text2) {
  await mkdir(dirname5(path), { recursive: true });
  const temp = tempPathFor(path);
  try {
    const handle = await open(temp, "wx");
    try {
      await handle.writeFile(text2, "utf8");
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => void 0);
    throw error;
  }
}
async function writeJsonAtomic(path, value) {
  await writeFileAtomic(path, toPrettyJson(value));
}

// src/store/parse.ts
var SAFE_HASH = /^[A-Za-z0-9_-]{2,200}$/;
function checkStrings(value, keys) {
  const bad = keys.find((key) => typeof value[key] !== "string");
  return bad === void 0 ? void 0 : `field "${bad}" is not a string`;
}
function checkDbtResult(value) {
  if (!isPlainObject(value)) return 'field "result" is not an object';
  const strings = checkStrings(value, ["unique_id", "status"]);
  if (strings) return `result: ${strings}`;
  if (!Array.isArray(value.timing)) return 'result: field "timing" is not an array';
  if (typeof value.execution_time !== "number") return 'result: field "execution_time" is not a number';
  if (value.adapter_response !== void 0 && !isPlainObject(value.adapter_response)) {
    return 'result: field "adapter_response" is not an object';
  }
  return void 0;
}
function checkInputs(value) {
  if (!Array.isArray(value)) return 'field "inputs" is not an array';
  const bad = value.findIndex(
    (input) => !isPlainObject(input) || typeof input.key !== "string" || typeof input.digest !== "string"
  );
  return bad === -1 ? void 0 : `inputs[${bad}] is not a {key, digest} pair of strings`;
}
function checkStoredResult(value) {
  if (!isPlainObject(value)) return "not a JSON object";
  const strings = checkStrings(value, ["hash", "uniqueId", "status", "slot", "recordedAt", "runId"]);
  if (strings) return strings;
  if (value.relationName !== null && typeof value.relationName !== "string") {
    return 'field "relationName" is neither a string nor null';
  }
  return checkInputs(value.inputs) ?? checkDbtResult(value.result) ?? checkTexts(value.texts) ?? checkEquivalence(value);
}
function checkEquivalence(value) {
  const bad = ["equivalence", "compiledDigest", "equivalentOf"].find((key) => value[key] !== void 0 && (typeof value[key] !== "string" || !SAFE_HASH.test(value[key])));
  return bad === void 0 ? void 0 : `field "${bad}" is not a hex digest`;
}
function checkTexts(value) {
  if (value === void 0) return void 0;
  if (!isPlainObject(value)) return 'field "texts" is not an object';
  const bad = Object.keys(value).find((key) => typeof value[key] !== "string");
  return bad === void 0 ? void 0 : `texts["${bad}"] is not a string`;
}
function checkSlotState(value) {
  if (!isPlainObject(value)) return "not a JSON object";
  return checkStrings(value, ["slot", "hash", "uniqueId", "recordedAt", "runId"]);
}
function slotStateOf(result) {
  return {
    slot: result.slot,
    hash: result.hash,
    uniqueId: result.uniqueId,
    recordedAt: result.recordedAt,
    runId: result.runId,
    ...result.codeHash ? { codeHash: result.codeHash } : {}
  };
}

// src/store/local-files.ts
var STORE_FORMAT = 1;
function slotFileStem(slotKey) {
  return createHash2("sha256").update(slotKey, "utf8").digest("hex");
}
function errorCode(error) {
  return error?.code;
}
function errorText(error) {
  return error instanceof Error ? error.message : String(error);
}
var StoreFiles = class {
  constructor(dir, warnFn) {
    this.dir = dir;
    this.warnFn = warnFn;
  }
  dir;
  warnFn;
  /** Keys (file paths, or the store dir) already warned about: one warning each, not one per read. */
  warned = /* @__PURE__ */ new Set();
  formatState;
  /**
   * Directories a read found missing (a cold store has no slots/ and few results/xx/): a later read of a file
   * in one of them answers "absent" without a system call. Forgotten when this store writes into them
   * (wroteInto); nothing else writes into a store while it is open.
   */
  missingDirs = /* @__PURE__ */ new Set();
  // ----- paths
  get markerPath() {
    return join10(this.dir, "store.json");
  }
  get resultsDir() {
    return join10(this.dir, "results");
  }
  get slotsDir() {
    return join10(this.dir, "slots");
  }
  resultPath(hash2) {
    return join10(this.resultsDir, hash2.slice(0, 2), `${hash2}.json`);
  }
  slotPath(slotKey) {
    return join10(this.slotsDir, `${slotFileStem(slotKey)}.json`);
  }
  // ----- warnings
  warnOnce(key, message2) {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnFn(message2);
  }
  warnCorrupt(path, problem) {
    this.warnOnce(path, `result store: ignoring ${path}: ${problem}`);
  }
  async warnUnreadable(path, error) {
    if (errorCode(error) === "ENOTDIR" && await this.dirIsNotDirectory()) {
      this.warnOnce(this.dir, `result store: ${this.dir} is not a directory; treating the store as empty`);
      return;
    }
    this.warnCorrupt(path, `cannot read file (${errorText(error)})`);
  }
  async dirIsNotDirectory() {
    try {
      return !(await stat(this.dir)).isDirectory();
    } catch {
      return false;
    }
  }
  // ----- low-level reads (never throw)
  /** Parsed JSON of `path`; undefined when missing (silently) or unreadable/unparsable (with a warning). */
  /** This store wrote `path`: its directory exists now. */
  wroteInto(path) {
    this.missingDirs.delete(dirname6(path));
  }
  async readJson(path) {
    let text2;
    const dir = dirname6(path);
    if (this.missingDirs.has(dir)) return void 0;
    try {
      text2 = readFileSync5(path, "utf8");
    } catch (error) {
      if (errorCode(error) !== "ENOENT") await this.warnUnreadable(path, error);
      else if (!existsSync5(dir)) this.missingDirs.add(dir);
      return void 0;
    }
    try {
      return JSON.parse(text2);
    } catch (error) {
      this.warnCorrupt(path, `invalid JSON (${errorText(error)})`);
      return void 0;
    }
  }
  /** Names in `dir`; empty when missing or unreadable (with a warning for the latter). */
  async listDir(dir) {
    try {
      return (await readdir(dir)).sort();
    } catch (error) {
      if (errorCode(error) !== "ENOENT") await this.warnUnreadable(dir, error);
      return [];
    }
  }
  format() {
    this.formatState ??= this.readFormat();
    return this.formatState;
  }
  async readFormat() {
    const marker = await this.readJson(this.markerPath);
    if (marker === void 0) return "ok";
    const format = isPlainObject(marker) ? marker.format : void 0;
    if (format === STORE_FORMAT) return "ok";
    if (typeof format === "number") {
      this.warnOnce(
        this.markerPath,
        `result store: ${this.dir} has format ${format}, this version reads format ${STORE_FORMAT}; ignoring its contents`
      );
      return "incompatible";
    }
    this.warnCorrupt(this.markerPath, 'no numeric "format" field; assuming format 1');
    return "ok";
  }
  async readResultFile(path, expectedHash) {
    const value = await this.readJson(path);
    if (value === void 0) return void 0;
    const problem = checkStoredResult(value);
    if (problem) {
      this.warnCorrupt(path, problem);
      return void 0;
    }
    const result = value;
    if (result.hash !== expectedHash) {
      this.warnCorrupt(path, `holds hash ${result.hash}, but its name says ${expectedHash}`);
      return void 0;
    }
    return result;
  }
  /** Reads a slot file; `expectedStem` is the file name stem, which must be sha256 of the slot key inside. */
  async readSlotFile(path, expectedStem) {
    const value = await this.readJson(path);
    if (value === void 0) return void 0;
    const problem = checkSlotState(value);
    if (problem) {
      this.warnCorrupt(path, problem);
      return void 0;
    }
    const slot = value;
    if (slotFileStem(slot.slot) !== expectedStem) {
      this.warnCorrupt(path, `holds slot "${slot.slot}", which does not belong under this file name`);
      return void 0;
    }
    return slot;
  }
  async listResultFiles() {
    const files = [];
    for (const shard of await this.listDir(this.resultsDir)) {
      if (isTempFileName(shard)) continue;
      for (const name of await this.listDir(join10(this.resultsDir, shard))) {
        if (name.endsWith(".json") && !isTempFileName(name)) {
          files.push({ path: join10(this.resultsDir, shard, name), hash: name.slice(0, -".json".length) });
        }
      }
    }
    return files;
  }
  async listSlotFiles() {
    const names = await this.listDir(this.slotsDir);
    return names.filter((name) => name.endsWith(".json") && !isTempFileName(name)).map((name) => ({ path: join10(this.slotsDir, name), stem: name.slice(0, -".json".length) }));
  }
};

// src/store/local.ts
var DEFAULT_STORE_DIR_NAME = ".dbt-orchestrator";
var STALE_TEMP_MS = 5 * 60 * 1e3;
var BULK_CONCURRENCY = 32;
function defaultStoreDir(projectDir) {
  return join11(projectDir, DEFAULT_STORE_DIR_NAME);
}
function defaultWarn(message2) {
  process.stderr.write(`warning: ${message2}
`);
}
function describeDirError(error) {
  const code = errorCode(error);
  return code === "EEXIST" || code === "ENOTDIR" ? "it (or a parent) is not a directory" : errorText(error);
}
async function forEachLimited(items, limit, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
var LocalStore = class _LocalStore {
  dir;
  files;
  writable;
  constructor(dir, options = {}) {
    this.dir = dir;
    this.files = new StoreFiles(dir, options.warn ?? defaultWarn);
  }
  resultPath(hash2) {
    return this.files.resultPath(hash2);
  }
  slotPath(slotKey) {
    return this.files.slotPath(slotKey);
  }
  /** See openLocalStore(). */
  static async open(dir, options = {}) {
    const store = new _LocalStore(dir, options);
    try {
      await mkdir2(dir, { recursive: true });
    } catch (error) {
      store.files.warnOnce(dir, `result store: cannot create ${dir} (${describeDirError(error)}); treating the store as empty`);
    }
    return store;
  }
  // ----- ResultStore
  async getResult(hash2) {
    if (!SAFE_HASH.test(hash2)) {
      this.files.warnOnce(`hash:${hash2}`, `result store: ignoring lookup of malformed hash ${JSON.stringify(hash2)}`);
      return void 0;
    }
    if (await this.files.format() !== "ok") return void 0;
    return this.files.readResultFile(this.resultPath(hash2), hash2);
  }
  async getSlot(slot) {
    if (await this.files.format() !== "ok") return void 0;
    return this.files.readSlotFile(this.slotPath(slot), slotFileStem(slot));
  }
  async record(result, options = {}) {
    const problem = checkStoredResult(result);
    if (problem) throw new Error(`result store: refusing to record an invalid result: ${problem}`);
    if (!SAFE_HASH.test(result.hash)) {
      throw new Error(`result store: refusing to record malformed hash ${JSON.stringify(result.hash)}`);
    }
    await this.ensureWritable();
    if (options.replace) await this.write(this.resultPath(result.hash), result);
    else await this.writeResult(result);
    if (!options.keepSlot) await this.write(this.slotPath(result.slot), slotStateOf(result));
  }
  async clearSlot(slot) {
    const path = this.slotPath(slot);
    try {
      await unlink2(path);
    } catch (error) {
      if (errorCode(error) === "ENOENT" || errorCode(error) === "ENOTDIR") return;
      throw new Error(`result store: cannot clear slot file ${path}: ${errorText(error)}`, { cause: error });
    }
  }
  // ----- writes (throw clear errors)
  /** Creates the directory and format marker once; refuses a store written in another format. */
  ensureWritable() {
    this.writable ??= this.prepareForWrites().catch((error) => {
      this.writable = void 0;
      throw error;
    });
    return this.writable;
  }
  async prepareForWrites() {
    try {
      await mkdir2(this.dir, { recursive: true });
    } catch (error) {
      throw new Error(`result store: cannot use ${this.dir} as the store directory: ${describeDirError(error)}`, {
        cause: error
      });
    }
    if (await this.files.dirIsNotDirectory()) {
      throw new Error(`result store: cannot use ${this.dir} as the store directory: it is not a directory`);
    }
    if (await this.files.format() === "incompatible") {
      throw new Error(
        `result store: ${this.dir} was written in another store format; refusing to write format ${STORE_FORMAT} into it`
      );
    }
    const marker = await this.files.readJson(this.files.markerPath);
    if (!isPlainObject(marker) || marker.format !== STORE_FORMAT) {
      await this.write(this.files.markerPath, { format: STORE_FORMAT });
    }
  }
  async write(path, value) {
    this.files.wroteInto(path);
    try {
      await writeJsonAtomic(path, value);
    } catch (error) {
      throw new Error(`result store: cannot write ${path}: ${errorText(error)}`, { cause: error });
    }
  }
  /** Results are content-addressed and immutable: an existing valid file for the hash is kept as is. */
  async writeResult(result) {
    const path = this.resultPath(result.hash);
    if (await this.files.readResultFile(path, result.hash)) return;
    await this.write(path, result);
  }
  // ----- listing and pruning
  /**
   * Deletes every result not referenced by a slot (or listed in keepHashes), corrupt result and slot files,
   * and temp files left behind by crashed writers. Keeps the cached store from growing with every run.
   */
  async prune(options = {}) {
    const summary = { removedResults: 0, removedSlots: 0, removedTempFiles: 0 };
    if (await this.files.format() !== "ok") return summary;
    const keep = new Set(options.keepHashes ?? []);
    for (const { path, stem } of await this.files.listSlotFiles()) {
      const slot = await this.files.readSlotFile(path, stem);
      if (slot) keep.add(slot.hash);
      else if (await this.removeFile(path)) summary.removedSlots++;
    }
    await forEachLimited(await this.files.listResultFiles(), BULK_CONCURRENCY, async ({ path, hash: hash2 }) => {
      const valid = keep.has(hash2) && await this.files.readResultFile(path, hash2) !== void 0;
      if (!valid && await this.removeFile(path)) summary.removedResults++;
    });
    summary.removedTempFiles = await this.removeStaleTempFiles();
    await this.removeEmptyShards();
    return summary;
  }
  /** Unlinks `path`; false when it was already gone, throws on real failures (prune is a write). */
  async removeFile(path) {
    try {
      await unlink2(path);
      return true;
    } catch (error) {
      if (errorCode(error) === "ENOENT") return false;
      throw new Error(`result store: cannot remove ${path}: ${errorText(error)}`, { cause: error });
    }
  }
  async removeStaleTempFiles() {
    const shards = (await this.files.listDir(this.files.resultsDir)).map((shard) => join11(this.files.resultsDir, shard));
    let removed = 0;
    for (const dir of [this.dir, this.files.slotsDir, ...shards]) {
      for (const name of await this.files.listDir(dir)) {
        if (!isTempFileName(name)) continue;
        const path = join11(dir, name);
        const info = await stat2(path).catch(() => void 0);
        if (info && Date.now() - info.mtimeMs > STALE_TEMP_MS && await this.removeFile(path)) removed++;
      }
    }
    return removed;
  }
  async removeEmptyShards() {
    for (const shard of await this.files.listDir(this.files.resultsDir)) {
      await rmdir(join11(this.files.resultsDir, shard)).catch(() => void 0);
    }
  }
};

// src/store/store.ts
async function openStore(dir, options = {}) {
  return LocalStore.open(dir, options);
}

// src/engine/facts.ts
var RELATION_TYPES2 = /* @__PURE__ */ new Set(["model", "seed", "snapshot"]);
function askWarehouse(project, selection) {
  const { bridge, args, parse, nodes, graph } = project;
  const { executable } = selection;
  const probe = executable.length > 0 ? probeWarehouse(bridge, args, parse.target) : Promise.resolve([]);
  const parentsOutside = upstreamParents(graph, new Set(executable));
  const relations = [...executable.map((id) => slotFor(nodes.get(id), parse).relation), ...parentsOutside.map((n) => slotFor(n, parse).relation)];
  const records = readWarehouse(bridge, args, relations.filter((r) => r !== null));
  probe.catch(() => void 0);
  records.catch(() => void 0);
  return { probe, records };
}
async function readWorld(project, selection, options, runId, deps, asked = askWarehouse(project, selection)) {
  const { bridge, parse, nodes, graph } = project;
  const { executable } = selection;
  const executableSet = new Set(executable);
  await asked.probe;
  const store = await openStore(options.storeDir, { warn: deps.output.warn });
  const slots = new Map(executable.map((id) => [id, slotFor(nodes.get(id), parse)]));
  const slotStates = /* @__PURE__ */ new Map();
  for (const id of executable) slotStates.set(id, await store.getSlot(slots.get(id).key));
  const warehouse = await asked.records;
  const { overrides, unknown } = await upstreamOverrides(graph, executableSet, store, parse, runId, warehouse);
  const dataStates = await sourceDataStates(graph, upstreamSources(graph, executable), bridge, options, runId, deps.output);
  return { store, slots, slotStates, warehouse, overrides, unknown, dataStates, now: deps.now() };
}
async function nodeFacts(project, selection, world, hashes, lagKept2) {
  const facts = [];
  for (const id of selection.executable) {
    const hash2 = hashes.get(id);
    const slotState = world.slotStates.get(id);
    const stored = await world.store.getResult(lagKept2.has(id) && slotState ? slotState.hash : hash2.hash);
    const previous = slotState && slotState.hash !== hash2.hash ? await world.store.getResult(slotState.hash) : stored;
    facts.push({ node: project.nodes.get(id), hash: hash2, slot: world.slots.get(id), slotState, stored, previous, unknownUpstream: unknownParents(project.graph, id, world.unknown) });
  }
  return facts;
}
function slotFor(node, parse) {
  if (RELATION_TYPES2.has(node.resource_type) && !isEphemeral(node)) {
    const relation = { database: node.database ?? null, schema: node.schema, identifier: node.alias ?? node.name };
    return { key: node.relation_name ?? relationKey(relation), relation };
  }
  return { key: `test:${node.unique_id}@${parse.target.database ?? ""}.${parse.target.schema}`, relation: null };
}
function upstreamParents(graph, runSet) {
  const ancestors = /* @__PURE__ */ new Set();
  const stack = [...runSet];
  while (stack.length > 0) {
    for (const parent of graph.parents.get(stack.pop()) ?? []) {
      if (ancestors.has(parent)) continue;
      ancestors.add(parent);
      stack.push(parent);
    }
  }
  return [...ancestors].map((id) => graph.nodes.get(id)).filter((node) => node && !runSet.has(node.unique_id) && RELATION_TYPES2.has(node.resource_type) && !isEphemeral(node));
}
async function upstreamOverrides(graph, runSet, store, parse, runId, warehouse) {
  const overrides = /* @__PURE__ */ new Map();
  const unknown = /* @__PURE__ */ new Set();
  for (const [id, node] of graph.nodes) {
    if (runSet.has(id) || !RELATION_TYPES2.has(node.resource_type) || isEphemeral(node)) continue;
    const children = graph.children.get(id) ?? [];
    if (children.length === 0) continue;
    const slot = slotFor(node, parse);
    const held = slot.relation ? warehouse.holds(slot.relation) : void 0;
    const state = held ? await store.getSlot(slot.key) : void 0;
    if (held) overrides.set(id, { hash: held, codeHash: state?.hash === held && state.codeHash ? state.codeHash : sha256(`no-code-hash:${held}`) });
    else {
      const marker = sha256(`unknown:${id}:${runId}`);
      overrides.set(id, { hash: marker, codeHash: marker });
      unknown.add(id);
    }
  }
  return { overrides, unknown };
}
function upstreamSources(graph, selection) {
  const seen = /* @__PURE__ */ new Set();
  const sources = /* @__PURE__ */ new Set();
  const stack = [...selection];
  while (stack.length > 0) {
    const id = stack.pop();
    for (const parent of graph.parents.get(id) ?? []) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      if (graph.nodes.get(parent)?.resource_type === "source") sources.add(parent);
      else stack.push(parent);
    }
  }
  return [...sources].sort();
}
async function sourceDataStates(graph, sources, bridge, options, runId, output) {
  const states = /* @__PURE__ */ new Map();
  const external = sources.filter((id) => (graph.parents.get(id) ?? []).length === 0);
  if (external.length === 0) return states;
  const { results } = await bridge.freshness({ uniqueIds: external });
  const byId = new Map(results.map((r) => [r.uniqueId, r]));
  for (const id of external) {
    const freshness2 = byId.get(id);
    if (freshness2?.error) output.warn(`source ${displaySource(graph.nodes.get(id))}: freshness query failed (${freshness2.error.split("\n")[0]}); treated as changed`);
    states.set(id, dataStateOf(graph.nodes.get(id), freshness2, options.unknownSources, runId));
  }
  return states;
}
function unknownParents(graph, id, unknown) {
  const out = [];
  const visit = (current, seen) => {
    for (const parent of graph.parents.get(current) ?? []) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      if (unknown.has(parent)) out.push(parent);
      const node = graph.nodes.get(parent);
      if (node && (isEphemeral(node) || node.resource_type === "source")) visit(parent, seen);
    }
  };
  visit(id, /* @__PURE__ */ new Set());
  return out.sort();
}

// src/hash/link.ts
var HASH_SCHEME = "dbt-orchestrator/hash/2";
function byKey(a, b) {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
function finish(uniqueId, inputs, codeOf) {
  const sorted = [...inputs].sort(byKey);
  let data = "";
  let code = "";
  for (const input of sorted) {
    if (input.kind === "metadata") continue;
    const entry = inputFragment(input.key, input.digest);
    data += (data === "" ? "" : ",") + entry;
    if (input.key.startsWith("data:")) continue;
    code += (code === "" ? "" : ",") + (input.key.startsWith("upstream:") ? inputFragment(input.key, codeOf(input.key.slice("upstream:".length))) : entry);
  }
  return { uniqueId, inputs: sorted, hash: sha256(inputListOf(HASH_SCHEME, data)), codeHash: sha256(inputListOf(HASH_SCHEME, code)) };
}
function linkHashes(graph, own, links) {
  const hashes = /* @__PURE__ */ new Map();
  const effective = /* @__PURE__ */ new Map();
  const seen = (parent) => effective.get(parent);
  const codeOf = (parent) => seen(parent)?.codeHash ?? sha256(`missing-upstream:${parent}`);
  for (const id of topologicalOrder(graph)) {
    const node = graph.nodes.get(id);
    const inputs = [...own.get(id) ?? []];
    for (const parent of graph.parents.get(id) ?? []) {
      inputs.push({ key: `upstream:${parent}`, digest: seen(parent)?.hash ?? sha256(`missing-upstream:${parent}`) });
      const data = node.resource_type === "source" ? void 0 : links.dataStates.get(parent);
      if (data) inputs.push({ key: `data:${parent}`, digest: data.digest, value: data.value });
    }
    const hash2 = finish(id, inputs, codeOf);
    if (takesPart(node)) {
      lazyProperty(hash2, "equivalence", () => equivalenceDigest(node, hash2.inputs, HASH_SCHEME, (parent) => graph.nodes.get(parent), (parent) => hashes.get(parent)?.equivalence));
    }
    hashes.set(id, hash2);
    effective.set(id, links.upstreamOverride.get(id) ?? links.keep?.(hash2) ?? { hash: hash2.hash, codeHash: hash2.codeHash });
  }
  return hashes;
}
function lazyProperty(target, key, compute) {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
    set(value) {
      Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
    }
  });
}

// src/hash/salt.ts
import { createHmac as createHmac2, randomBytes as randomBytes2 } from "node:crypto";
import { chmodSync, mkdirSync as mkdirSync2, readFileSync as readFileSync6, writeFileSync } from "node:fs";
import { homedir as homedir2 } from "node:os";
import { join as join12 } from "node:path";
var HASH_SALT_ENV = "DBT_ORCHESTRATOR_HASH_SALT";
var HASH_SALT_HOME_ENV = "DBT_ORCHESTRATOR_HOME";
var UNSET_DIGEST = sha256("<unset>");
function machineSalt(env) {
  const dir = join12(env[HASH_SALT_HOME_ENV] || homedir2(), ".dbt-orchestrator");
  const path = join12(dir, "hash-salt");
  try {
    const existing = readFileSync6(path, "utf8").trim();
    if (existing.length >= 32) return { key: existing, source: "file", path };
  } catch {
  }
  try {
    try {
      mkdirSync2(dir, { mode: 448 });
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    }
    const key = randomBytes2(32).toString("hex");
    try {
      writeFileSync(path, `${key}
`, { flag: "wx", mode: 384 });
    } catch {
      const raced = readFileSync6(path, "utf8").trim();
      if (raced.length >= 32) return { key: raced, source: "file", path };
      return void 0;
    }
    chmodSync(path, 384);
    return { key, source: "file", path };
  } catch {
    return void 0;
  }
}
function resolveHashSalt(env) {
  const given = env[HASH_SALT_ENV];
  if (given !== void 0 && given !== "") return { key: given, source: "env" };
  return machineSalt(env) ?? { key: randomBytes2(32).toString("hex"), source: "run" };
}
function keyedEnvDigest(salt, digest) {
  if (digest === UNSET_DIGEST) return digest;
  return createHmac2("sha256", salt.key).update(`env-value:${digest}`).digest("hex");
}

// src/plan/lag.ts
function keepWithinLag(rule, hash2) {
  const candidate = rule.enabled ? rule.candidates.get(hash2.uniqueId) : void 0;
  const state = candidate?.slotState;
  if (!candidate || !state || state.hash === hash2.hash || state.codeHash !== hash2.codeHash || !candidate.relationExists) return void 0;
  if ((rule.now.getTime() - Date.parse(state.recordedAt)) / 1e3 >= candidate.toleranceSeconds) return void 0;
  return {
    effective: { hash: state.hash, codeHash: hash2.codeHash },
    reason: `within lag tolerance ${formatDuration(candidate.toleranceSeconds)} (new upstream data; built ${state.recordedAt})`
  };
}
function lagKeepRule(rule) {
  return (hash2) => keepWithinLag(rule, hash2)?.effective;
}
function lagKept(rule, hashes) {
  const kept = /* @__PURE__ */ new Map();
  for (const id of rule.candidates.keys()) {
    const hash2 = hashes.get(id);
    const keep = hash2 ? keepWithinLag(rule, hash2) : void 0;
    if (keep) kept.set(id, keep.reason);
  }
  return kept;
}

// src/engine/hashing.ts
import { readFileSync as readFileSync7 } from "node:fs";
import { join as join13 } from "node:path";

// src/hash/scan.ts
var VAR_CALL = /(?<![\w.])var\s*\(\s*(?:(['"])([^'"\n]+)\1|(?=[^\s)'"]))/g;
var ENV_VAR_CALL = /(?<![\w.])env_var\s*\(\s*(?:(['"])([^'"\n]+)\1|(?=[^\s)'"]))/g;
function scan(pattern, word, text2, into) {
  if (!text2.includes(word)) return;
  for (const match of text2.matchAll(pattern)) {
    if (match[2] !== void 0) into.names.add(match[2]);
    else into.dynamic = true;
  }
}
function emptyReferences() {
  return { names: /* @__PURE__ */ new Set(), dynamic: false };
}
function copyReferences(references) {
  return { names: new Set(references.names), dynamic: references.dynamic };
}
function stringsIn(value, out = []) {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}
function scanVarReads(texts, into = emptyReferences()) {
  for (const text2 of texts) scan(VAR_CALL, "var", text2, into);
  return into;
}
function scanEnvVarReads(texts, into = emptyReferences()) {
  for (const text2 of texts) scan(ENV_VAR_CALL, "env_var", text2, into);
  return into;
}

// src/hash/macro-index.ts
function isBuiltinPackage(packageName, adapterType) {
  return packageName === "dbt" || packageName === `dbt_${adapterType}`;
}
var MacroIndex = class {
  constructor(macros, adapterType, envVarsByUniqueId) {
    this.macros = macros;
    this.adapterType = adapterType;
    this.envVarsByUniqueId = envVarsByUniqueId;
    for (const macro of Object.values(macros)) {
      const list = this.byName.get(macro.name) ?? [];
      list.push(macro);
      this.byName.set(macro.name, list);
    }
    const builtinNames = /* @__PURE__ */ new Set();
    const builtinSuffixes = /* @__PURE__ */ new Set();
    for (const macro of Object.values(macros)) {
      if (!isBuiltinPackage(macro.package_name, adapterType)) continue;
      builtinNames.add(macro.name);
      const dispatched = /^(?:default|[a-z0-9_]+?)__(.+)$/.exec(macro.name);
      if (dispatched) builtinSuffixes.add(dispatched[1]);
    }
    this.globalOverrides = Object.values(macros).filter((m) => !isBuiltinPackage(m.package_name, adapterType)).filter((m) => {
      if (builtinNames.has(m.name)) return true;
      const dispatched = /^[a-z0-9_]+?__(.+)$/.exec(m.name);
      return dispatched !== null && builtinSuffixes.has(dispatched[1]) && builtinNames.has(`default__${dispatched[1]}`);
    }).map((m) => m.unique_id).sort();
    this.overrideTexts = this.macroTexts(this.globalOverrides);
  }
  macros;
  adapterType;
  envVarsByUniqueId;
  closures = /* @__PURE__ */ new Map();
  facts = /* @__PURE__ */ new Map();
  byName = /* @__PURE__ */ new Map();
  /** User macros that shadow or extend dbt's built-ins: they can change any node, so every node includes them. */
  globalOverrides;
  /** The Jinja of the global overrides (macroTexts), read by every node. */
  overrideTexts;
  isBuiltin(id) {
    const macro = this.macros[id];
    return macro !== void 0 && isBuiltinPackage(macro.package_name, this.adapterType);
  }
  get(id) {
    return this.macros[id];
  }
  /** The macro and everything it calls, transitively. */
  closure(id) {
    const cached = this.closures.get(id);
    if (cached) return cached;
    const seen = /* @__PURE__ */ new Set();
    const stack = [id];
    while (stack.length > 0) {
      const current = stack.pop();
      if (seen.has(current)) continue;
      seen.add(current);
      for (const next of this.macros[current]?.depends_on?.macros ?? []) stack.push(next);
    }
    this.closures.set(id, seen);
    return seen;
  }
  materializationMacros(materialization) {
    const names = [`materialization_${materialization}_${this.adapterType}`, `materialization_${materialization}_default`];
    return names.flatMap((n) => (this.byName.get(n) ?? []).map((m) => m.unique_id));
  }
  /** The Jinja of the user macros among `ids`, less those that only name the node's relation (hashed as `relation`). */
  macroTexts(ids) {
    const out = [];
    for (const id of ids) {
      const macro = this.macros[id];
      if (macro && !this.isBuiltin(id) && !RELATION_NAMING_MACROS.has(macro.name)) out.push(macro.macro_sql);
    }
    return out;
  }
  /** The facts of a node that calls `calls` and runs through `materialization` (cached per distinct pair). */
  factsFor(materialization, calls) {
    const key = `${materialization}\0${calls.join("\0")}`;
    let facts = this.facts.get(key);
    if (facts === void 0) {
      facts = this.computeFacts(materialization, calls);
      this.facts.set(key, facts);
    }
    return facts;
  }
  computeFacts(materialization, calls) {
    const ids = /* @__PURE__ */ new Set();
    for (const id of calls) for (const m of this.closure(id)) ids.add(m);
    for (const id of this.materializationMacros(materialization)) for (const m of this.closure(id)) ids.add(m);
    const userTexts = [];
    for (const id of ids) if (this.macros[id] && !this.isBuiltin(id)) userTexts.push(this.macros[id].macro_sql);
    const inputs = [];
    for (const id of [...ids].sort()) {
      if (this.isBuiltin(id)) continue;
      inputs.push({ key: `macro:${id}`, digest: sha256(this.macros[id].macro_sql) });
    }
    for (const id of this.globalOverrides) if (!ids.has(id)) inputs.push({ key: `macro:${id}`, digest: sha256(this.macros[id].macro_sql) });
    const parsedEnvVars = [];
    for (const id of ids) for (const name of this.envVarsByUniqueId[id] ?? []) parsedEnvVars.push(name);
    const evaluated = [...userTexts, ...this.overrideTexts];
    return {
      ids,
      inputs,
      vars: scanVarReads(userTexts),
      envVars: scanEnvVarReads(userTexts),
      parsedEnvVars,
      metadata: scanMetadataReads(evaluated),
      readsOwnCode: readsOwnCode(evaluated),
      target: scanTargetReads([...this.macroTexts(ids), ...this.overrideTexts])
    };
  }
};

// src/hash/node-hash.ts
var UNSET = "<unset>";
function materializationOf(node) {
  switch (node.resource_type) {
    case "seed":
      return "seed";
    case "snapshot":
      return "snapshot";
    case "test":
      return "test";
    case "unit_test":
      return "unit";
    default:
      return String(node.config.materialized ?? "view");
  }
}
function nodeCode(node, ctx) {
  if (node.resource_type === "seed") {
    const bytes = ctx.readSeedFile(node);
    if (bytes === void 0) return { digest: sha256(`unreadable-seed:${node.unique_id}:${Date.now()}:${Math.random()}`), note: "seed file unreadable" };
    return { digest: sha256(bytes) };
  }
  if (node.resource_type === "unit_test") {
    return { digest: digestOf({ model: node.model, given: node.given, expect: node.expect, overrides: node.overrides, versions: node.versions ?? null }) };
  }
  return { digest: digestOf({ raw_code: node.raw_code ?? null, language: node.language ?? null, test_metadata: node.test_metadata ?? null }) };
}
function relationIdentity(node) {
  return {
    database: node.database ?? null,
    schema: node.schema ?? null,
    alias: node.alias ?? null,
    identifier: node.identifier ?? null,
    relation_name: node.relation_name ?? null
  };
}
function columnsInput(node) {
  const persistDocs = node.config.persist_docs ?? {};
  const contract = node.contract ?? {};
  return {
    columns: columnSpec(node.columns ?? {}, Boolean(persistDocs.columns)),
    contract: { enforced: contract.enforced ?? false, alias_types: contract.alias_types ?? null },
    description: persistDocs.relation ? node.description ?? "" : null
  };
}
function columnsMatter(node) {
  const contract = node.config.contract;
  const persistDocs = node.config.persist_docs;
  return Boolean(contract?.enforced || persistDocs?.columns || persistDocs?.relation);
}
function resolveVar(vars, packageName, name) {
  if (Object.hasOwn(vars.cli, name)) return vars.cli[name];
  const scoped = vars.byPackage[packageName];
  if (scoped && Object.hasOwn(scoped, name)) return scoped[name];
  if (Object.hasOwn(vars.global, name)) return vars.global[name];
  return UNSET;
}
function allVarsFor(vars, packageName) {
  return { ...vars.global, ...vars.byPackage[packageName] ?? {}, ...vars.cli };
}
function sourceHash(source, ctx, envVars) {
  return [
    // Where the source data lives: moving the source points every reader at other data.
    { key: "source", digest: digestOf({ ...relationIdentity(source), external: source.external ?? null, quoting: source.config?.quoting ?? null }) },
    // How freshness is measured: the later data-state input reads through these.
    { key: "loaded_at", digest: digestOf({ field: source.loaded_at_field ?? null, query: source.loaded_at_query ?? null }) },
    ...envVars.map((name) => ({ key: `env:${name}`, digest: ctx.envValueDigest(name) })),
    // The source's relation is hashed above: the target counts only through the adapter that reads it.
    { key: "target", digest: targetDigest(ctx.globals, { all: false, attributes: /* @__PURE__ */ new Set() }) }
  ];
}
function targetDigest(g, reads) {
  const known = { name: g.targetName, database: g.targetDatabase, schema: g.targetSchema, type: g.adapterType };
  const read = {};
  const attributes = reads.all ? [...Object.keys(known), ...reads.attributes] : [...reads.attributes];
  for (const attribute of [...new Set(attributes)].sort()) {
    read[attribute] = attribute in known ? known[attribute] : { unknown: attribute, target: g.targetName, database: g.targetDatabase, schema: g.targetSchema };
  }
  return digestOf({ adapter: g.adapterType, read });
}
function sharedDigests(g) {
  const targets = /* @__PURE__ */ new Map();
  const configs = /* @__PURE__ */ new Map();
  return {
    versions: digestOf({ dbt: g.dbtVersion, adapter: g.adapterVersion }),
    projectEnv: digestOf({ project: g.projectEnvVarsHash }),
    target(reads) {
      const key = `${reads.all}:${[...reads.attributes].sort().join(",")}`;
      let digest = targets.get(key);
      if (digest === void 0) targets.set(key, digest = targetDigest(g, reads));
      return digest;
    },
    config(config, reads) {
      const key = `${[...reads.keys].sort().join(",")}
${JSON.stringify(config)}`;
      let digests = configs.get(key);
      if (digests === void 0) {
        const split = splitConfig(config, reads);
        digests = {
          data: digestOf(split.data),
          metadata: Object.keys(split.metadata).sort().map((k) => [k, digestOf(split.metadata[k])])
        };
        configs.set(key, digests);
      }
      return digests;
    }
  };
}
function nodeInputs(node, ctx, index, shared) {
  const inputs = [];
  const add = (key, digest) => {
    inputs.push({ key, digest });
  };
  const macros = index.factsFor(materializationOf(node), node.depends_on?.macros ?? []);
  const own = [node.raw_code ?? "", ...stringsIn(node.unrendered_config ?? {}), ...stringsIn(node.test_metadata?.kwargs ?? {})];
  const metadataReads = scanMetadataReads(own, macros.metadata);
  add("resource", digestOf({ resource_type: node.resource_type, unique_id: node.unique_id, fqn: node.fqn }));
  add("code", nodeCode(node, ctx).digest);
  const normal = macros.readsOwnCode ? void 0 : normalisedCodeDigest(node, own, metadataReads);
  if (normal !== void 0) inputs[inputs.length - 1].normal = normal;
  const config = shared.config(node.config, metadataReads);
  add("config", config.data);
  for (const [key, digest] of config.metadata) inputs.push({ key: `meta:${key}`, digest, kind: "metadata" });
  add("relation", digestOf(relationIdentity(node)));
  if (columnsMatter(node)) add("columns", digestOf(columnsInput(node)));
  for (const input of macros.inputs) add(input.key, input.digest);
  const varRefs = scanVarReads(own, copyReferences(macros.vars));
  if (varRefs.dynamic) add("vars:*", digestOf(allVarsFor(ctx.vars, node.package_name)));
  for (const name of [...varRefs.names].sort()) add(`var:${name}`, digestOf(resolveVar(ctx.vars, node.package_name, name)));
  const envRefs = scanEnvVarReads(own, copyReferences(macros.envVars));
  for (const name of ctx.envVarsByUniqueId[node.unique_id] ?? []) envRefs.names.add(name);
  for (const name of macros.parsedEnvVars) envRefs.names.add(name);
  for (const name of [...envRefs.names].sort()) {
    if (name.startsWith("DBT_ENV_SECRET")) continue;
    add(`env:${name}`, ctx.envValueDigest(name));
  }
  add("target", shared.target(scanTargetReads(own, macros.target)));
  add("versions", shared.versions);
  add("project-env", shared.projectEnv);
  if (node.config.incremental_strategy === "microbatch") {
    add("event-time", digestOf({ start: ctx.envValueDigest("DBT_EVENT_TIME_START"), end: ctx.envValueDigest("DBT_EVENT_TIME_END") }));
  }
  return inputs;
}
function ownInputs2(ctx) {
  const index = new MacroIndex(ctx.macros, ctx.globals.adapterType, ctx.envVarsByUniqueId);
  const shared = sharedDigests(ctx.globals);
  const own = /* @__PURE__ */ new Map();
  for (const [id, node] of ctx.graph.nodes) {
    own.set(id, node.resource_type === "source" ? sourceHash(node, ctx, ctx.envVarsByUniqueId[id] ?? []) : nodeInputs(node, ctx, index, shared));
  }
  return own;
}

// src/engine/hashing.ts
function ownHashInputs(project, options, env) {
  const { parse, graph, manifest } = project;
  const salt = resolveHashSalt(env);
  return ownInputs2({
    graph,
    macros: manifest.macros,
    globals: {
      dbtVersion: parse.dbtVersion,
      adapterVersion: parse.adapterVersion,
      adapterType: parse.target.adapterType,
      targetName: parse.target.targetName,
      targetDatabase: parse.target.database,
      targetSchema: parse.target.schema,
      projectEnvVarsHash: parse.projectEnvVarsHash === null ? null : keyedEnvDigest(salt, parse.projectEnvVarsHash)
    },
    vars: parse.vars,
    envVarsByUniqueId: parse.envVarsByUniqueId,
    envValueDigest: envDigest(parse, env, salt),
    readSeedFile: seedReader(options, parse)
  });
}
function lagRuleOf(project, selection, world, options) {
  const candidates = /* @__PURE__ */ new Map();
  for (const id of selection.executable) {
    const toleranceSeconds = lagTolerance(project.nodes.get(id));
    if (toleranceSeconds === void 0) continue;
    const relation = world.slots.get(id).relation;
    candidates.set(id, { toleranceSeconds, slotState: world.slotStates.get(id), relationExists: !relation || world.warehouse.existing.has(relationKey(relation)) });
  }
  return { enabled: options.reuse && !options.fullRefresh, now: world.now, candidates };
}
function seedReader(options, parse) {
  return (node) => {
    const base = node.package_name === parse.projectName ? options.projectDir : join13(options.projectDir, parse.packagesInstallPath, node.package_name);
    try {
      return readFileSync7(join13(base, node.original_file_path));
    } catch {
      return void 0;
    }
  };
}
function envDigest(parse, env, salt) {
  return (name) => keyedEnvDigest(salt, parse.envVarDigests[name] ?? (env[name] === void 0 ? sha256(UNSET) : sha256(`set:${env[name]}`)));
}

// src/engine/equivalence.ts
async function hashRunWithEquivalence(project, own, selection, world, options, deps) {
  const rule = lagRuleOf(project, selection, world, options);
  const lagKeep = lagKeepRule(rule);
  const saltKey = resolveHashSalt(deps.env).key;
  const compiledDigest = (code) => compiledSqlDigest(code, saltKey);
  const result = await hashWithEquivalence({
    executable: options.reuse && !options.fullRefresh ? new Set(selection.executable) : /* @__PURE__ */ new Set(),
    nodeOf: (id) => project.nodes.get(id),
    slotState: (id) => world.slotStates.get(id),
    relationExists: (id) => {
      const relation = world.slots.get(id)?.relation;
      return relation !== null && relation !== void 0 && world.warehouse.existing.has(relationKey(relation));
    },
    hash: (extra) => linkHashes(project.graph, own, { upstreamOverride: world.overrides, dataStates: world.dataStates, keep: (hash2) => lagKeep(hash2) ?? extra(hash2.uniqueId, hash2) }),
    getResult: (hash2) => world.store.getResult(hash2),
    compile: async (ids) => new Map((await project.bridge.compile({ ...project.args, uniqueIds: ids })).results.map((r) => [r.uniqueId, r.compiledCode])),
    compiledDigest,
    warn: deps.output.warn
  });
  const kept = lagKept(rule, result.hashes);
  for (const [id, reason] of result.reused) kept.set(id, reason);
  return { hashes: result.hashes, lagKept: kept, equivalentRecords: result.records, compiledDigest };
}

// src/engine/report.ts
import { dirname as dirname7, join as join15 } from "node:path";

// src/report/orchestrator-json.ts
var ORCHESTRATOR_REPORT_SCHEMA_VERSION = 1;
function roundSeconds(seconds4) {
  return Math.round(seconds4 * 1e3) / 1e3;
}
function finiteOr(value, fallback) {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}
function reusedFromOf(outcome) {
  const stored = outcome.reusedFrom;
  if (outcome.decision !== "reuse" || !stored) return void 0;
  return {
    hash: stored.hash,
    runId: stored.runId,
    recordedAt: stored.recordedAt,
    executionTime: finiteOr(stored.result.execution_time, 0)
  };
}
function selectedNode({ outcome, inputs, relationName }) {
  const result = outcome.decision === "run" ? outcome.result : void 0;
  const node = {
    uniqueId: outcome.uniqueId,
    name: outcome.name,
    resourceType: outcome.resourceType,
    hash: outcome.hash,
    inputs,
    decision: outcome.decision,
    reason: outcome.reason,
    status: outcome.status,
    attempts: outcome.attempts,
    timing: (result?.timing ?? []).map((t) => ({
      name: t.name,
      started_at: t.started_at ?? null,
      completed_at: t.completed_at ?? null
    })),
    executionTime: finiteOr(result?.execution_time, 0),
    relationName: relationName ?? result?.relation_name ?? outcome.reusedFrom?.relationName ?? null,
    message: result?.message ?? null,
    failures: result?.failures ?? null
  };
  const reusedFrom = reusedFromOf(outcome);
  if (reusedFrom) node.reusedFrom = reusedFrom;
  if (outcome.skippedBecauseOf) node.skippedBecauseOf = outcome.skippedBecauseOf;
  if (outcome.attemptErrors && outcome.attemptErrors.length > 0) node.attemptErrors = outcome.attemptErrors;
  return node;
}
function ephemeralNode(node) {
  return {
    uniqueId: node.uniqueId,
    name: node.name,
    resourceType: "model",
    hash: node.hash,
    inputs: node.inputs,
    decision: "ephemeral",
    reason: "compiled into dependents",
    status: "ephemeral",
    attempts: 0,
    timing: [],
    executionTime: 0,
    relationName: null,
    message: null,
    failures: null
  };
}
function computeTotals(nodes, ephemeralCount) {
  const outcomes = nodes.map((node) => node.outcome);
  const counts = countStatuses(outcomes.map((o) => o.decision === "reuse" ? { ...o, status: "reused" } : o));
  return {
    selected: outcomes.length,
    run: outcomes.filter((o) => o.decision === "run").length,
    reused: counts.reused,
    skipped: counts.skipped,
    succeeded: counts.built,
    warned: counts.warned,
    // Anything dbt ran that did not succeed is a failure (error, fail, partial success, unknown statuses).
    failed: counts.failed,
    notRun: counts.notRun,
    ephemeral: ephemeralCount,
    savedSeconds: timeSavedSeconds(nodes)
  };
}
function timeSpentSeconds(nodes) {
  const spent = nodes.filter(({ outcome }) => outcome.decision === "run").reduce((sum, { outcome }) => sum + finiteOr(outcome.result?.execution_time, 0), 0);
  return roundSeconds(spent);
}
function timeSavedSeconds(nodes) {
  const saved = nodes.reduce((sum, { outcome }) => sum + (reusedFromOf(outcome)?.executionTime ?? 0), 0);
  return roundSeconds(saved);
}
function buildOrchestratorReport({ run, nodes, ephemeral = [] }) {
  return {
    schemaVersion: ORCHESTRATOR_REPORT_SCHEMA_VERSION,
    run,
    totals: computeTotals(nodes, ephemeral.length),
    timeSpentSeconds: timeSpentSeconds(nodes),
    nodes: [...nodes.map(selectedNode), ...ephemeral.map(ephemeralNode)]
  };
}
async function writeOrchestratorReport(path, report) {
  await writeJsonAtomic(path, report);
}

// src/report/run-results.ts
var RUN_RESULTS_SCHEMA_VERSION = "https://schemas.getdbt.com/dbt/run-results/v6.json";
var RUN_RESULT_STATUSES = [
  "success",
  "error",
  "skipped",
  "partial success",
  "no-op",
  "reused",
  "pass",
  "fail",
  "warn",
  "runtime error"
];
var ORCHESTRATOR_THREAD_ID = "main";
var STATUS_SET = new Set(RUN_RESULT_STATUSES);
function isRunResultStatus(status) {
  return STATUS_SET.has(status);
}
function normalizeTiming(timing) {
  if (!Array.isArray(timing)) return [];
  return timing.map((entry) => ({
    name: String(entry?.name ?? ""),
    started_at: entry?.started_at ?? null,
    completed_at: entry?.completed_at ?? null
  }));
}
function finiteOr2(value, fallback) {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}
function integerOrNull(value) {
  return typeof value === "number" && Number.isInteger(value) ? value : null;
}
function objectOr(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? { ...value } : {};
}
function optionalExtras(result) {
  const extras = {};
  if (result.batch_results !== void 0) extras.batch_results = result.batch_results;
  const overload = result.overload_results;
  if (overload !== void 0) extras.overload_results = overload;
  return extras;
}
function normalizeDbtResult(result) {
  if (isNotRun(result.status)) return normalizeDbtResult({ ...result, status: runResultsStatus(result.status) });
  const known = isRunResultStatus(result.status);
  const message2 = result.message ?? null;
  return {
    status: known ? result.status : "error",
    timing: normalizeTiming(result.timing),
    thread_id: typeof result.thread_id === "string" ? result.thread_id : ORCHESTRATOR_THREAD_ID,
    execution_time: finiteOr2(result.execution_time, 0),
    adapter_response: objectOr(result.adapter_response),
    message: known ? message2 : `unknown dbt status \`${result.status}\`${message2 ? `: ${message2}` : ""}`,
    failures: integerOrNull(result.failures),
    unique_id: result.unique_id,
    compiled: typeof result.compiled === "boolean" ? result.compiled : null,
    compiled_code: typeof result.compiled_code === "string" ? result.compiled_code : null,
    relation_name: typeof result.relation_name === "string" ? result.relation_name : null,
    ...optionalExtras(result)
  };
}
function executedResult(outcome) {
  if (outcome.result) return normalizeDbtResult({ ...outcome.result, unique_id: outcome.uniqueId });
  return {
    status: isRunResultStatus(outcome.status) && outcome.status !== "reused" ? outcome.status : "error",
    timing: [],
    thread_id: ORCHESTRATOR_THREAD_ID,
    execution_time: 0,
    adapter_response: {},
    message: `dbt reported no result for this node${outcome.reason ? ` (${outcome.reason})` : ""}`,
    failures: null,
    unique_id: outcome.uniqueId,
    compiled: null,
    compiled_code: null,
    relation_name: null
  };
}
function reusedOrigin(stored) {
  const original = stored.result;
  return {
    hash: stored.hash,
    run_id: stored.runId,
    recorded_at: stored.recordedAt,
    status: stored.status,
    thread_id: typeof original.thread_id === "string" ? original.thread_id : null,
    execution_time: finiteOr2(original.execution_time, 0),
    timing: normalizeTiming(original.timing),
    adapter_response: objectOr(original.adapter_response),
    message: original.message ?? null,
    failures: integerOrNull(original.failures)
  };
}
function reusedResult(outcome) {
  const stored = outcome.reusedFrom;
  const builtBy = stored ? ` (built ${stored.recordedAt} by run ${stored.runId})` : "";
  return {
    status: "reused",
    timing: [],
    thread_id: ORCHESTRATOR_THREAD_ID,
    execution_time: 0,
    adapter_response: stored ? { _reused: reusedOrigin(stored) } : {},
    message: `reused: ${outcome.reason}${builtBy}`,
    // Failures describe what a test found when it ran; nothing ran now, the original count is in _reused.
    failures: null,
    unique_id: outcome.uniqueId,
    compiled: stored && typeof stored.result.compiled === "boolean" ? stored.result.compiled : null,
    compiled_code: null,
    relation_name: stored?.relationName ?? stored?.result.relation_name ?? null
  };
}
function skippedResult(outcome, nameOf) {
  const message2 = outcome.skippedBecauseOf ? `skipped: upstream \`${nameOf(outcome.skippedBecauseOf)}\` failed` : `skipped: ${outcome.reason}`;
  return {
    status: "skipped",
    timing: [],
    thread_id: ORCHESTRATOR_THREAD_ID,
    execution_time: 0,
    adapter_response: {},
    message: message2,
    failures: null,
    unique_id: outcome.uniqueId,
    compiled: null,
    compiled_code: null,
    relation_name: null
  };
}
function resultForOutcome(outcome, nameOf) {
  switch (outcome.decision) {
    case "run":
      return executedResult(outcome);
    case "reuse":
      return reusedResult(outcome);
    case "skip":
      return skippedResult(outcome, nameOf);
  }
}
function nameLookup2(outcomes) {
  const names = new Map(outcomes.map((outcome) => [outcome.uniqueId, outcome.name]));
  return (uniqueId) => names.get(uniqueId) ?? uniqueId;
}
function runArgs(info, invocationCommand) {
  const given = info.args.invocation_command;
  return {
    ...info.args,
    which: info.command,
    invocation_command: invocationCommand ?? (typeof given === "string" ? given : `dbt-orchestrator ${info.command}`)
  };
}
function buildRunResults(outcomes, info, options = {}) {
  const nameOf = nameLookup2(outcomes);
  return {
    metadata: {
      dbt_schema_version: RUN_RESULTS_SCHEMA_VERSION,
      dbt_version: info.dbtVersion,
      generated_at: info.finishedAt,
      invocation_id: info.runId,
      invocation_started_at: info.startedAt,
      env: { ...options.env ?? {} }
    },
    results: outcomes.map((outcome) => resultForOutcome(outcome, nameOf)),
    elapsed_time: finiteOr2(info.elapsedSeconds, 0),
    args: runArgs(info, options.invocationCommand)
  };
}
async function writeRunResults(path, doc) {
  await writeJsonAtomic(path, doc);
}

// src/store/runs.ts
import { readdir as readdir2, readFile as readFile2, unlink as unlink3 } from "node:fs/promises";
import { join as join14 } from "node:path";
var RUNS_DIR_NAME = "runs";
var RUN_RECORD_FORMAT = 1;
var MAX_RUNS = 200;
function runsDir(storeDir) {
  return join14(storeDir, RUNS_DIR_NAME);
}
function fileName(record) {
  return `${record.startedAt.replace(/:/g, "-")}_${record.runId.replace(/[^A-Za-z0-9-]/g, "")}.json`;
}
var NUMBERS = ["elapsedSeconds", "selected", "built", "reused", "failed", "skipped", "savedSeconds"];
var STRINGS2 = ["runId", "command", "startedAt", "finishedAt"];
function checkRunRecord(value) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not a JSON object";
  const record = value;
  if (record.format !== RUN_RECORD_FORMAT) return `format is ${JSON.stringify(record.format)}, expected ${RUN_RECORD_FORMAT}`;
  const string = STRINGS2.find((key) => typeof record[key] !== "string");
  if (string) return `field "${string}" is not a string`;
  const number2 = NUMBERS.find((key) => typeof record[key] !== "number" || !Number.isFinite(record[key]) || record[key] < 0);
  return number2 ? `field "${number2}" is not a number >= 0` : void 0;
}
async function recordFiles(dir) {
  try {
    return (await readdir2(dir)).filter((name) => name.endsWith(".json") && !isTempFileName(name)).sort();
  } catch (error) {
    if (error.code === "ENOENT") return [];
    throw error;
  }
}
async function appendRun(storeDir, record, keep = MAX_RUNS) {
  const dir = runsDir(storeDir);
  await writeJsonAtomic(join14(dir, fileName(record)), record);
  const files = await recordFiles(dir);
  for (const name of files.slice(0, Math.max(0, files.length - keep))) await unlink3(join14(dir, name)).catch(() => void 0);
}
async function readRuns(storeDir, options = {}) {
  const dir = runsDir(storeDir);
  const files = await recordFiles(dir);
  const records = [];
  for (const name of files) {
    const path = join14(dir, name);
    let value;
    try {
      value = JSON.parse(await readFile2(path, "utf8"));
    } catch (error) {
      options.warn?.(`run log: ignoring ${path}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const problem = checkRunRecord(value);
    if (problem) options.warn?.(`run log: ignoring ${path}: ${problem}`);
    else records.push(value);
  }
  return options.last === void 0 ? records : records.slice(Math.max(0, records.length - options.last));
}

// src/util/format.ts
function formatSeconds(seconds4) {
  if (!Number.isFinite(seconds4) || seconds4 < 0) return "\u2013";
  if (seconds4 < 10) return `${seconds4.toFixed(2)} s`;
  if (seconds4 < 60) return `${seconds4.toFixed(1)} s`;
  const whole2 = Math.round(seconds4);
  const hours = Math.floor(whole2 / 3600);
  const minutes = Math.floor(whole2 % 3600 / 60);
  const secs = whole2 % 60;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, "0")}m`;
  return `${minutes}m ${String(secs).padStart(2, "0")}s`;
}
function formatAge(seconds4, none) {
  if (seconds4 === null) return none;
  if (seconds4 < 120) return `${Math.round(seconds4)}s`;
  if (seconds4 < 7200) return `${Math.round(seconds4 / 60)}m`;
  if (seconds4 < 172800) return `${Math.round(seconds4 / 3600)}h`;
  return `${Math.round(seconds4 / 86400)}d`;
}

// src/report/savings.ts
function savedSeconds(outcomes) {
  return timeSavedSeconds(outcomes.map((outcome) => ({ outcome, inputs: [], relationName: null })));
}
function runRecordOf(info, outcomes) {
  const totals = computeTotals(outcomes.map((outcome) => ({ outcome, inputs: [], relationName: null })), 0);
  return {
    format: RUN_RECORD_FORMAT,
    runId: info.runId,
    command: info.command,
    startedAt: info.startedAt,
    finishedAt: info.finishedAt,
    elapsedSeconds: info.elapsedSeconds,
    selected: totals.selected,
    built: totals.succeeded,
    reused: totals.reused,
    failed: totals.failed,
    skipped: totals.skipped,
    savedSeconds: savedSeconds(outcomes)
  };
}
async function recordRun(storeDir, info, outcomes) {
  await appendRun(storeDir, runRecordOf(info, outcomes));
}
function totalOf(records) {
  const sum = (pick) => records.reduce((s, r) => s + pick(r), 0);
  return {
    runs: records.length,
    built: sum((r) => r.built),
    reused: sum((r) => r.reused),
    failed: sum((r) => r.failed),
    savedSeconds: Math.round(sum((r) => r.savedSeconds) * 1e3) / 1e3
  };
}
function pad3(text2, width) {
  return text2.length >= width ? `${text2} ` : text2 + " ".repeat(width - text2.length);
}
function statsLines(records, recorded) {
  if (records.length === 0) return ["No runs recorded in this store yet."];
  const lines = [`Last ${records.length} run${records.length === 1 ? "" : "s"} (of ${recorded} recorded):`];
  lines.push(`${pad3("STARTED", 26)}${pad3("COMMAND", 10)}${pad3("BUILT", 7)}${pad3("REUSED", 8)}${pad3("FAILED", 8)}SAVED`);
  for (const r of records) {
    lines.push(`${pad3(r.startedAt, 26)}${pad3(r.command, 10)}${pad3(String(r.built), 7)}${pad3(String(r.reused), 8)}${pad3(String(r.failed), 8)}${r.savedSeconds > 0 ? formatSeconds(r.savedSeconds) : "\u2013"}`);
  }
  const t = totalOf(records);
  const saved = t.savedSeconds > 0 ? `; ${formatSeconds(t.savedSeconds)} of warehouse time saved by reuse` : "";
  lines.push(`Total: ${t.built} built, ${t.reused} reused, ${t.failed} failed${saved}`);
  return lines;
}

// src/engine/report.ts
async function reportRun(project, selection, run, runPlan, execution, finished, options, deps) {
  const { nodes, parse, manifest } = project;
  const { hashes } = run;
  const { outcomes, interrupted } = finished;
  const finishedAt = deps.now();
  const info = {
    runId: finished.runId,
    command: options.command,
    startedAt: finished.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    elapsedSeconds: (finishedAt.getTime() - finished.startedAt.getTime()) / 1e3,
    dbtVersion: parse.dbtVersion,
    adapterType: parse.target.adapterType,
    args: argsForReport(options)
  };
  const targetDir = dirname7(parse.manifestPath);
  const runResultsPath = join15(targetDir, "run_results.json");
  const orchestratorPath = join15(targetDir, "orchestrator.json");
  const runResults = buildRunResults(outcomes, info);
  await writeRunResults(runResultsPath, runResults);
  const report = buildOrchestratorReport({
    run: info,
    nodes: outcomes.map((outcome) => ({ outcome, inputs: hashes.get(outcome.uniqueId).inputs, relationName: nodes.get(outcome.uniqueId).relation_name ?? null })),
    ephemeral: selection.ephemeral.map((id) => ({ uniqueId: id, name: nodes.get(id).name, hash: hashes.get(id).hash, inputs: hashes.get(id).inputs }))
  });
  await writeOrchestratorReport(orchestratorPath, report);
  const { dbtDied, live } = execution;
  const exitCode = interrupted ? EXIT_INTERRUPTED : dbtDied || runFailed(countStatuses(outcomes)) ? EXIT_NODE_FAILED : EXIT_OK;
  live.recap(outcomes, { wallSeconds: info.elapsedSeconds, spentSeconds: report.timeSpentSeconds, savedSeconds: report.totals.savedSeconds }, interrupted, dbtDied);
  await recordRun(options.storeDir, info, outcomes).catch(storeWarning(deps.output.warn)("record the run"));
  return { exitCode, plan: runPlan.plan, outcomes, runResultsPath, orchestratorPath, manifestPath: parse.manifestPath, manifest, report, runResults };
}
function argsForReport(options) {
  return {
    which: options.command,
    select: options.select,
    exclude: options.exclude,
    selector: options.selector ?? null,
    target: options.target ?? null,
    vars: options.vars ? "provided" : null,
    state: options.state ?? null,
    defer: options.defer,
    full_refresh: options.fullRefresh,
    threads: options.threads ?? null,
    retries: options.retries,
    retry_delay: options.retryDelaySeconds,
    reuse: options.reuse
  };
}

// src/engine/select.ts
import { existsSync as existsSync6 } from "node:fs";
import { join as join16 } from "node:path";
var EXECUTED_TYPES = {
  build: /* @__PURE__ */ new Set(["model", "seed", "snapshot", "test", "unit_test"]),
  run: /* @__PURE__ */ new Set(["model"]),
  test: /* @__PURE__ */ new Set(["test", "unit_test"]),
  seed: /* @__PURE__ */ new Set(["seed"]),
  snapshot: /* @__PURE__ */ new Set(["snapshot"])
};
function requestSelection({ bridge, args }, options) {
  let listing;
  try {
    listing = bridge.ls({ ...args, select: hashSelectorOf(options) ? [] : options.select, exclude: options.exclude, selector: options.selector });
  } catch (error) {
    listing = Promise.reject(error);
  }
  listing.catch(() => void 0);
  return listing;
}
async function selectNodes(project, options, own, output, listing) {
  const { nodes, graph, position } = project;
  const hashSelector = hashSelectorOf(options);
  const listed = await (listing ?? requestSelection(project, options));
  const listedIds = new Set(listed.uniqueIds);
  const candidates = hashSelector ? [...modifiedByHash(hashSelector, options, graph, own())].filter((id) => listedIds.has(id)) : listed.uniqueIds;
  const types = EXECUTED_TYPES[options.command];
  const selected = candidates.filter((id) => nodes.has(id) && types.has(nodes.get(id).resource_type));
  const byPosition = (a, b) => position.get(a) - position.get(b);
  const ephemeral = selected.filter((id) => isEphemeral(nodes.get(id))).sort(byPosition);
  const executable = selected.filter((id) => !isEphemeral(nodes.get(id))).sort(byPosition);
  for (const warning of listed.warnings ?? []) output.warn(warning);
  if (executable.length === 0) output.warn(nothingSelected(options));
  for (const id of executable) {
    try {
      lagTolerance(nodes.get(id));
    } catch (error) {
      throw new InputError("meta dbt_orchestrator.lag_tolerance", error.message);
    }
  }
  return { executable, ephemeral };
}
function hashSelectorOf(options) {
  try {
    return parseHashSelector(options.select);
  } catch (error) {
    throw new InputError("--select", error.message);
  }
}
function modifiedByHash(selector, options, graph, own) {
  const path = options.state ? join16(options.state, "orchestrator.json") : void 0;
  if (!path || !existsSync6(path)) {
    throw new InputError("--select", "hash:modified compares against the orchestrator.json of a previous run: pass --state DIR holding one (e.g. the production artifact)");
  }
  const read = readStateReport(path, `${path}`);
  if (!read.ok) throw new InputError("--state", `${read.reason}; hash:modified needs the orchestrator.json of a previous dbt-orchestrator run`);
  const production = read.report;
  const current = [...own].filter(([id]) => graph.nodes.get(id)?.resource_type !== "source").map(([id, inputs]) => ({ uniqueId: id, name: graph.nodes.get(id).name, resourceType: graph.nodes.get(id).resource_type, inputs }));
  const modified = new Set(modifiedAgainst(current, production.nodes, (id) => id.split(".").pop() ?? id).map((m) => m.uniqueId));
  const out = new Set(modified);
  const addChildren = (id, all) => {
    for (const child of graph.children.get(id) ?? []) {
      const isTest2 = ["test", "unit_test"].includes(graph.nodes.get(child)?.resource_type ?? "");
      if ((all || isTest2) && !out.has(child)) {
        out.add(child);
        if (all) addChildren(child, all);
      }
    }
  };
  for (const id of modified) addChildren(id, selector.descendants);
  return out;
}
function nothingSelected(options) {
  const what = [options.select.length > 0 ? `--select ${options.select.join(" ")}` : "", options.exclude.length > 0 ? `--exclude ${options.exclude.join(" ")}` : "", options.selector ? `--selector ${options.selector}` : ""].filter((w) => w !== "").join(" ");
  return `nothing to ${options.command}: the selection${what ? ` (${what})` : ""} matches no ${options.command === "build" ? "buildable" : options.command} node; ${options.planOnly ? "nothing would run" : "nothing ran, and run_results.json lists no results"}`;
}

// src/engine/session.ts
function commonArgs(options) {
  return {
    projectDir: options.projectDir,
    profilesDir: options.profilesDir,
    target: options.target,
    vars: options.vars,
    state: options.state,
    defer: options.defer
  };
}
async function parseProject(bridge, options, deps) {
  return loadProject(await parseWithDbt(bridge, options, deps));
}
async function parseWithDbt(bridge, options, deps) {
  const { output } = deps;
  const args = commonArgs(options);
  output.line(parsingText(shownPath(options.projectDir, deps.cwd) || "."));
  if (needsDeps(options.projectDir)) {
    output.line("Installing dbt packages (dbt deps)");
    await bridge.deps(args);
  }
  const parse = await bridge.parse(args);
  if (parse.rereadFiles?.length) output.line(`Partial parsing: re-read ${parse.rereadFiles.length} file(s) whose contents changed in ways its checksum ignores: ${parse.rereadFiles.map((f) => f.replace(/^[^:]*:\/\//, "")).join(", ")}`);
  return { bridge, args, parse };
}
async function loadProject({ bridge, args, parse }) {
  const manifest = await readManifest(parse.manifestPath);
  const nodes = allNodes(manifest);
  const graph = buildGraph(nodes);
  const produced = linkProducedSources(graph);
  const position = new Map(topologicalOrder(graph).map((id, i) => [id, i]));
  return { bridge, args, parse, manifest, nodes, graph, produced, position };
}

// src/shard/plan-file.ts
var PLAN_KIND = "dbt-orchestrator-shard-plan";
var PLAN_FORMAT = 1;
var MAX_SHARDS = 256;
var STATUS_TABLE = "dbt_orchestrator_run_status";
function shardName(index, shards) {
  return `shard-${index}-of-${shards}`;
}
function matrixOf(shards) {
  return { include: Array.from({ length: shards }, (_, i) => ({ shard: `${i + 1}/${shards}`, index: i + 1, name: shardName(i + 1, shards) })) };
}
function parseShardCount(value) {
  const text2 = String(value).trim();
  const n = /^\d+$/.test(text2) ? Number(text2) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_SHARDS) {
    throw new InputError("--shards", `expected a whole number from 1 to ${MAX_SHARDS} (a GitHub Actions matrix runs at most ${MAX_SHARDS} jobs), got ${JSON.stringify(text2)}`);
  }
  return n;
}
function parseShardArg(value, plan) {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (!match) throw new InputError("--shard", `expected I/N (e.g. 2/4: the second of four shards), got ${JSON.stringify(value)}`);
  const index = Number(match[1]);
  const shards = Number(match[2]);
  if (shards < 1 || shards > MAX_SHARDS) throw new InputError("--shard", `N must be from 1 to ${MAX_SHARDS}, got ${shards}`);
  if (index < 1 || index > shards) throw new InputError("--shard", `shard ${index} is out of range: shards are numbered 1 to ${shards}`);
  if (plan && plan.shards !== shards) throw new InputError("--shard", `the plan cuts the build into ${plan.shards} shards, not ${shards}: pass --shard I/${plan.shards}`);
  return { index, shards };
}
function planFileText(plan) {
  return `${JSON.stringify(plan, null, 2)}
`;
}
var isObject2 = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var isStringArray2 = (v) => Array.isArray(v) && v.every((x) => typeof x === "string");
function parsePlanFile(text2, where) {
  const bad = (why) => new InputError("--plan", `${where}: ${why}; write it with \`dbt-orchestrator plan --shards N --json > plan.json\``);
  let value;
  try {
    value = JSON.parse(text2);
  } catch (error) {
    throw bad(`not JSON (${error.message})`);
  }
  if (!isObject2(value) || value.kind !== PLAN_KIND) throw bad("not a dbt-orchestrator shard plan");
  if (value.format !== PLAN_FORMAT) throw bad(`plan format ${JSON.stringify(value.format)} is not supported (this version reads format ${PLAN_FORMAT})`);
  const shards = value.shards;
  if (typeof shards !== "number" || !Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS) throw bad('"shards" is not a whole number from 1 to 256');
  if (typeof value.runId !== "string" || !/^[A-Za-z0-9-]{8,64}$/.test(value.runId)) throw bad('"runId" is missing or malformed');
  const project = value.project;
  if (!isObject2(project) || typeof project.name !== "string" || typeof project.adapterType !== "string" || typeof project.codeDigest !== "string") throw bad('"project" is incomplete');
  const table = value.statusTable;
  if (!isObject2(table) || typeof table.schema !== "string" || !(table.database === null || typeof table.database === "string")) throw bad('"statusTable" is incomplete');
  if (!Array.isArray(value.nodes)) throw bad('"nodes" is not a list');
  const ids = /* @__PURE__ */ new Set();
  for (const n of value.nodes) {
    if (!isObject2(n) || typeof n.uniqueId !== "string" || typeof n.hash !== "string" || typeof n.codeHash !== "string") throw bad("a node lacks uniqueId, hash or codeHash");
    if (!["run", "reuse", "ephemeral"].includes(n.decision)) throw bad(`node ${n.uniqueId}: unknown decision ${JSON.stringify(n.decision)}`);
    if (n.decision === "run" && (typeof n.shard !== "number" || !Number.isInteger(n.shard) || n.shard < 1 || n.shard > shards)) throw bad(`node ${n.uniqueId}: a run node without a shard from 1 to ${shards}`);
    if (ids.has(n.uniqueId)) throw bad(`node ${n.uniqueId} is listed twice`);
    ids.add(n.uniqueId);
  }
  if (!Array.isArray(value.shardPlans) || value.shardPlans.length !== shards) throw bad(`"shardPlans" must list ${shards} shards`);
  const owner = /* @__PURE__ */ new Map();
  value.shardPlans.forEach((s, i) => {
    if (!isObject2(s) || s.index !== i + 1 || !isStringArray2(s.nodes) || !Array.isArray(s.waitsFor)) throw bad(`shard ${i + 1} is malformed`);
    for (const id of s.nodes) {
      if (!ids.has(id)) throw bad(`shard ${i + 1} lists ${id}, which is not a planned node`);
      if (owner.get(id) === i + 1) throw bad(`${id} is listed twice in shard ${i + 1}`);
      if (owner.has(id)) throw bad(`${id} is in shards ${owner.get(id)} and ${i + 1}`);
      owner.set(id, i + 1);
    }
  });
  for (const n of value.nodes) {
    if (n.decision === "run" && owner.get(n.uniqueId) !== n.shard) throw bad(`node ${n.uniqueId} is not in the list of its shard ${n.shard}`);
  }
  const options = isObject2(value.options) ? value.options : {};
  return {
    ...value,
    options: {
      select: isStringArray2(options.select) ? options.select : [],
      exclude: isStringArray2(options.exclude) ? options.exclude : [],
      selector: typeof options.selector === "string" ? options.selector : null,
      fullRefresh: options.fullRefresh === true,
      threads: typeof options.threads === "number" && options.threads >= 1 ? options.threads : 1
    },
    statusTable: { database: table.database ?? null, schema: table.schema, identifier: STATUS_TABLE }
  };
}
var SINGLE_WRITER_ADAPTERS = /* @__PURE__ */ new Set(["duckdb", "sqlite"]);
function refuseSingleWriter(adapterType, flag2) {
  if (SINGLE_WRITER_ADAPTERS.has(adapterType)) {
    throw new InputError(
      flag2,
      `sharding needs a server warehouse (PostgreSQL, Snowflake, BigQuery, Redshift, Databricks, \u2026): the target's adapter is ${adapterType}, whose database is one file that allows one writer at a time, so shards on other machines cannot share it; build it with one \`dbt-orchestrator build\` instead`
    );
  }
}

// src/shard/facts.ts
function codeHashesOf(graph, own) {
  return linkHashes(graph, own, { upstreamOverride: /* @__PURE__ */ new Map(), dataStates: /* @__PURE__ */ new Map() });
}
function shardFactsOf(parse, graph, own, facts) {
  const lastSeconds = /* @__PURE__ */ new Map();
  for (const f of facts) {
    const seconds4 = (f.stored ?? f.previous)?.result?.execution_time;
    if (typeof seconds4 === "number" && Number.isFinite(seconds4) && seconds4 >= 0) lastSeconds.set(f.node.unique_id, seconds4);
  }
  return {
    graph,
    target: parse.target,
    projectName: parse.projectName,
    dbtVersion: parse.dbtVersion,
    codeHashes: new Map([...own].map(([id, h]) => [id, h.hash])),
    lastSeconds,
    slots: new Map(facts.map((f) => [f.node.unique_id, f.slot.key]))
  };
}

// src/engine/run.ts
async function runEngine(options, deps) {
  const interrupt = watchInterrupt(deps);
  try {
    const bridge = interrupt.guard(await startDbt(options, deps));
    try {
      return await build(bridge, options, deps, interrupt.interrupted);
    } finally {
      interrupt.dispose();
      await bridge.close().catch(() => void 0);
    }
  } catch (error) {
    return failedRun(error, interrupt.interrupted());
  } finally {
    interrupt.dispose();
  }
}
async function build(bridge, options, deps, interrupted) {
  const runId = randomUUID();
  const startedAt = deps.now();
  deps.onPhase?.("parse");
  const parsed = await parseWithDbt(bridge, options, deps);
  const listing = requestSelection(parsed, options);
  const project = await loadProject(parsed);
  if (options.shards !== void 0) refuseSingleWriter(project.parse.target.adapterType, "--shards");
  deps.onPhase?.("plan");
  const ownInputs3 = once(() => ownHashInputs(project, options, deps.env));
  const selection = await selectNodes(project, options, ownInputs3, deps.output, listing);
  const asked = askWarehouse(project, selection);
  const own = ownInputs3();
  const world = await readWorld(project, selection, options, runId, deps, asked);
  const hashes = await hashRunWithEquivalence(project, own, selection, world, options, deps);
  const facts = await nodeFacts(project, selection, world, hashes.hashes, hashes.lagKept);
  const runPlan = decideRun(project, selection, world, hashes, facts, options);
  const explanation = options.explain ? await explainRun(project, selection, hashes, runPlan, options.explain) : void 0;
  if (options.planOnly) {
    const shardFacts = options.shards === void 0 ? void 0 : shardFactsOf(project.parse, project.graph, codeHashesOf(project.graph, own), runPlan.facts);
    return { exitCode: EXIT_OK, plan: runPlan.plan, outcomes: [], manifestPath: project.parse.manifestPath, manifest: project.manifest, explanation, shardFacts };
  }
  deps.onPhase?.("execute");
  const execution = await executePlan(project, selection, world, hashes, runPlan, options, deps, { runId, interrupted });
  const outcomes = outcomesOf(runPlan.decisions, runPlan.facts, execution.executed);
  showNotRun(execution.live, outcomes);
  deps.onPhase?.("report");
  const impact = options.impact && options.state && !interrupted() && !execution.dbtDied ? await collectImpact(bridge, options.impact, options.state, { nodes: project.nodes, children: project.graph.children, hashed: runPlan.plan, outcomes }) : void 0;
  const result = await reportRun(project, selection, hashes, runPlan, execution, { runId, startedAt, outcomes, interrupted: interrupted() }, options, deps);
  return { ...result, impact };
}
function once(compute) {
  let value;
  return () => (value ??= { v: compute() }).v;
}
function failedRun(error, interrupted) {
  if (error instanceof InputError || error instanceof DbtNotFoundError) return { exitCode: EXIT_BAD_INPUT, plan: [], outcomes: [], error: error.message };
  if (error instanceof DependencyCycleError) return { exitCode: EXIT_BAD_INPUT, plan: [], outcomes: [], error: cycleMessage(error) };
  if (error instanceof BridgeError && error.kind !== "internal" && error.kind !== "database") {
    return { exitCode: EXIT_BAD_INPUT, plan: [], outcomes: [], error: `${bridgeErrorTitle(error.kind)}: ${error.message}` };
  }
  if (interrupted) return { exitCode: EXIT_INTERRUPTED, plan: [], outcomes: [], error: "interrupted" };
  throw error;
}
function watchInterrupt(deps) {
  const state = { interrupted: false };
  const onAbort = () => {
    state.interrupted = true;
    deps.output.warn("interrupted: stopping dbt; results of finished nodes are kept");
    state.bridge?.kill();
  };
  deps.signal?.addEventListener("abort", onAbort, { once: true });
  return {
    interrupted: () => state.interrupted,
    guard: (bridge) => state.bridge = bridge,
    dispose: () => deps.signal?.removeEventListener("abort", onAbort)
  };
}

// src/engine/freshness.ts
import { existsSync as existsSync7 } from "node:fs";
import { dirname as dirname8, join as join17 } from "node:path";
async function runFreshness(options, deps) {
  const { output } = deps;
  let bridge;
  try {
    bridge = await startDbt(options, deps);
    const args = { projectDir: options.projectDir, profilesDir: options.profilesDir, target: options.target, vars: options.vars };
    if (needsDeps(options.projectDir)) await bridge.deps(args);
    const parse = await bridge.parse(args);
    const manifest = await readManifest(parse.manifestPath);
    const listed = await bridge.ls({ ...args, select: options.select.length > 0 ? options.select : ["source:*"], exclude: options.exclude });
    const sources = listed.uniqueIds.filter((id) => manifest.sources[id] !== void 0).sort();
    const sourcesPath = join17(dirname8(parse.manifestPath), "sources.json");
    if (sources.length === 0) {
      output.line("No sources selected.");
      return { exitCode: EXIT_OK, results: [], sourcesPath: void 0 };
    }
    const { results } = await bridge.freshness({ uniqueIds: sources, outputPath: sourcesPath });
    const named = results.map((r) => ({ ...r, name: displaySource(manifest.sources[r.uniqueId]) }));
    for (const line of freshnessTable(named)) output.line(line);
    const stale = named.filter((r) => isStale(r.status));
    for (const r of stale) output.warn(`source ${r.name} is ${r.status === "runtime error" ? "not measurable" : "stale"} (${r.status}${r.error ? `: ${r.error.split("\n")[0]}` : ""})`);
    const failing = named.filter((r) => isPastErrorAfter(r.status));
    const exitCode = options.onStale === "fail" && failing.length > 0 ? EXIT_NODE_FAILED : EXIT_OK;
    if (!existsSync7(sourcesPath)) return { exitCode, results: named, sourcesPath: void 0 };
    const configs = Object.fromEntries(Object.entries(manifest.sources).map(([id, s]) => [id, s.freshness]));
    return { exitCode, results: named, sourcesPath, configs };
  } catch (error) {
    if (error instanceof InputError || error instanceof DbtNotFoundError) return { exitCode: EXIT_BAD_INPUT, results: [], error: error.message };
    if (error instanceof BridgeError && error.kind !== "internal" && error.kind !== "database") {
      return { exitCode: EXIT_BAD_INPUT, results: [], error: `${bridgeErrorTitle(error.kind)}: ${error.message}` };
    }
    throw error;
  } finally {
    await bridge?.close().catch(() => void 0);
  }
}
function freshnessTable(results) {
  const width = Math.max(6, ...results.map((r) => r.name.length));
  const pad5 = (t, w) => t + " ".repeat(Math.max(0, w - t.length));
  const lines = [`${pad5("SOURCE", width)}  ${pad5("MAX_LOADED_AT", 25)}  ${pad5("AGE", 6)}  STATUS`];
  for (const r of results) {
    const status = r.status === "unchecked" ? "no freshness config" : r.status;
    lines.push(`${pad5(r.name, width)}  ${pad5(r.maxLoadedAt ?? "-", 25)}  ${pad5(formatAge(r.ageSeconds, "-"), 6)}  ${status}`);
  }
  return lines;
}

// src/shard/cli.ts
import { isAbsolute as isAbsolute3, resolve as resolve5 } from "node:path";

// src/shard/merge.ts
import { existsSync as existsSync8 } from "node:fs";
import { basename as basename3, join as join20 } from "node:path";

// src/shard/merge-cleanup.ts
import { join as join18 } from "node:path";

// src/shard/status.ts
var STATUS_KEEP_DAYS = 35;
var RunStatusClient = class {
  constructor(bridge) {
    this.bridge = bridge;
  }
  bridge;
  /**
   * Creates the table if needed, clears this shard's rows of an earlier attempt, deletes the runs whose newest
   * row is older than STATUS_KEEP_DAYS, starts the heartbeat. Returns why that cleanup failed, if it did.
   */
  async begin(args) {
    return (await this.bridge.runStatus({ op: "begin", ...args, keepDays: STATUS_KEEP_DAYS })).cleanupError ?? void 0;
  }
  /** Deletes every row of a run (after its successful merge). Returns why it failed, if it did. */
  async deleteRun(args) {
    return (await this.bridge.runStatus({ op: "delete_run", ...args })).error;
  }
  async read() {
    return (await this.bridge.runStatus({ op: "read" })).rows;
  }
  async write(rows) {
    if (rows.length > 0) await this.bridge.runStatus({ op: "write", rows });
  }
  /** Stops the heartbeat; `finished` marks the shard done. Returns the problems the live writers met. */
  async finish(finished) {
    return (await this.bridge.runStatus({ op: "finish", finished })).errors;
  }
};
var HeartbeatWatch = class {
  last = /* @__PURE__ */ new Map();
  finished = /* @__PURE__ */ new Set();
  startedAt;
  constructor(now) {
    this.startedAt = now;
  }
  observe(rows, now) {
    for (const row of rows) {
      const match = /^shard:(\d+)$/.exec(row.uniqueId);
      if (!match) continue;
      const shard = Number(match[1]);
      const value = `${row.status}:${row.message ?? ""}`;
      if (row.status === "finished") this.finished.add(shard);
      else this.finished.delete(shard);
      const seen = this.last.get(shard);
      if (!seen || seen.value !== value) this.last.set(shard, { value, changedAt: now });
    }
  }
  /** Why `shard` cannot be waited for any longer, or undefined while it may still deliver. */
  problem(shard, now, staleMs, waitMs) {
    const seen = this.last.get(shard);
    if (!seen) {
      return now - this.startedAt > waitMs ? `shard ${shard} never started (no heartbeat in ${Math.round(waitMs / 1e3)}s; is the matrix's max-parallel below the shard count?)` : void 0;
    }
    if (this.finished.has(shard)) return `shard ${shard} finished without a result for it`;
    if (now - seen.changedAt > staleMs) return `shard ${shard} stopped reporting (no heartbeat for ${Math.round((now - seen.changedAt) / 1e3)}s: cancelled or crashed)`;
    return void 0;
  }
};
var SUCCESS2 = /* @__PURE__ */ new Set(["success", "pass", "warn", "no-op"]);
function readiness(parents, shardProblem) {
  let waiting = false;
  for (const p of parents) {
    if (p.status !== void 0 && SUCCESS2.has(p.status)) continue;
    if (p.status !== void 0) return { kind: "skip", because: p.rootCause ?? p.id, ...p.local ? {} : { shard: p.shard } };
    if (p.local && p.inBatch) continue;
    if (!p.local) {
      const problem = shardProblem(p.shard);
      if (problem) return { kind: "give-up", parent: p.id, why: problem };
    }
    waiting = true;
  }
  return waiting ? { kind: "wait" } : { kind: "ready" };
}

// src/shard/merge-cleanup.ts
async function deleteRunStatus(plan, options, deps) {
  const left = (why) => `could not delete the status rows of run ${plan.runId} (${why}); the shards of a later sharded build delete them once they are ${STATUS_KEEP_DAYS} days old`;
  let bridge;
  try {
    const env = { ...deps.env, DBT_TARGET_PATH: deps.env.DBT_TARGET_PATH ?? join18("target", "dbt-merge") };
    bridge = await startDbt(options, { env, cwd: deps.cwd });
    const args = { projectDir: options.projectDir, profilesDir: options.profilesDir, target: options.target, vars: options.vars };
    if (needsDeps(options.projectDir)) await bridge.deps(args);
    await bridge.parse(args);
    const error = await new RunStatusClient(bridge).deleteRun({ runId: plan.runId, table: plan.statusTable });
    return error === void 0 ? void 0 : left(error);
  } catch (error) {
    return left(firstLine3(error instanceof Error ? error.message : String(error)));
  } finally {
    await bridge?.close().catch(() => void 0);
  }
}
function firstLine3(text2) {
  return text2.split("\n").find((l) => l.trim() !== "")?.trim() ?? text2;
}

// src/shard/merge-outcomes.ts
function mergeOutcomes(plan, inputs, reusedFrom) {
  const out = [];
  const byShard = /* @__PURE__ */ new Map();
  for (const [shard, input] of inputs) {
    byShard.set(shard, {
      outcomes: new Map((input.outcomes ?? []).map((o) => [o.uniqueId, o])),
      stored: new Map(input.stored.map((r) => [`${r.uniqueId}@${r.hash}`, r]))
    });
  }
  for (const node of plan.nodes) {
    const base = { uniqueId: node.uniqueId, resourceType: node.resourceType, name: node.name, hash: node.hash };
    if (node.decision === "ephemeral") continue;
    if (node.decision === "reuse") {
      const from = reusedFrom.get(node.uniqueId);
      out.push({ ...base, decision: "reuse", reason: node.reason, attempts: 0, status: "reused", ...from ? { reusedFrom: from } : {} });
      continue;
    }
    const shard = byShard.get(node.shard);
    const reported = shard?.outcomes.get(node.uniqueId);
    const stored = shard?.stored.get(`${node.uniqueId}@${node.hash}`);
    if (reported && !(isNotRun(reported.status) && stored)) {
      out.push(reported);
    } else if (stored) {
      out.push({ ...base, decision: "run", reason: node.reason, result: stored.result, attempts: 1, status: stored.status });
    } else {
      const message2 = `not run: shard ${node.shard} of ${plan.shards} reported no result (cancelled or crashed); re-run that shard with the same plan`;
      out.push({
        ...base,
        decision: "run",
        reason: node.reason,
        attempts: 0,
        status: "not-run",
        result: { unique_id: node.uniqueId, status: "not-run", timing: [], thread_id: "dbt-orchestrator", execution_time: 0, adapter_response: {}, message: message2, failures: null, compiled: null, compiled_code: null, relation_name: null }
      });
    }
  }
  return out;
}
function missingShards(plan, inputs) {
  return plan.shardPlans.filter((s) => s.nodes.length > 0 && !inputs.has(s.index)).map((s) => s.index);
}

// src/shard/run-shard.ts
import { mkdirSync as mkdirSync3, readFileSync as readFileSync8, rmSync } from "node:fs";
import { join as join19 } from "node:path";
import { randomUUID as randomUUID2 } from "node:crypto";

// src/shard/code-check.ts
function checkPlanMatches(plan, parse, nodes, own, planPath) {
  const again = `re-run \`dbt-orchestrator plan --shards ${plan.shards} --json\` on this code and pass its plan to every shard`;
  if (plan.project.name !== parse.projectName) throw new InputError("--plan", `${planPath} was made for project ${plan.project.name}, this is ${parse.projectName}; ${again}`);
  if (plan.project.adapterType !== parse.target.adapterType || plan.project.targetName !== parse.target.targetName) {
    throw new InputError("--plan", `${planPath} was made for target ${plan.project.targetName} (${plan.project.adapterType}), this shard uses ${parse.target.targetName} (${parse.target.adapterType}); pass the same --target as the plan`);
  }
  const changed = plan.nodes.filter((n) => !nodes.has(n.uniqueId) || own.get(n.uniqueId)?.hash !== n.codeHash).map((n) => n.name || n.uniqueId);
  if (changed.length > 0) {
    const shown2 = changed.slice(0, 5).join(", ") + (changed.length > 5 ? ` and ${changed.length - 5} more` : "");
    throw new InputError("--plan", `${planPath} was made from other code (or vars, env, target): ${shown2} changed since; ${again}`);
  }
}

// src/shard/edges.ts
function kind(graph, id) {
  return graph.nodes.get(id)?.resource_type;
}
function orderParents(graph, id, ancestorsOf) {
  const parents = graph.parents.get(id) ?? [];
  if (kind(graph, id) === "unit_test") return [...new Set(parents.flatMap((m) => graph.parents.get(m) ?? []))].sort();
  if (kind(graph, id) === "test") return [...parents];
  const out = new Set(parents);
  for (const child of graph.children.get(id) ?? []) if (kind(graph, child) === "unit_test") out.add(child);
  for (const parent of parents) {
    for (const test of graph.children.get(parent) ?? []) {
      if (kind(graph, test) !== "test" || out.has(test)) continue;
      const tested = graph.parents.get(test) ?? [];
      if (tested.length <= 1 || tested.every((t) => ancestorsOf(id).has(t))) out.add(test);
    }
  }
  out.delete(id);
  return [...out].sort();
}
function ancestorsMemo(graph) {
  const memo = /* @__PURE__ */ new Map();
  const of = (id) => {
    const known = memo.get(id);
    if (known) return known;
    const seen = /* @__PURE__ */ new Set();
    const stack = [...graph.parents.get(id) ?? []];
    while (stack.length > 0) {
      const p = stack.pop();
      if (seen.has(p)) continue;
      seen.add(p);
      stack.push(...graph.parents.get(p) ?? []);
    }
    memo.set(id, seen);
    return seen;
  };
  return of;
}
function runSetParents(graph, runSet) {
  const members = new Set(runSet);
  const ancestorsOf = ancestorsMemo(graph);
  const direct = /* @__PURE__ */ new Map();
  const directOf = (id) => {
    let list = direct.get(id);
    if (!list) direct.set(id, list = orderParents(graph, id, ancestorsOf));
    return list;
  };
  const result = /* @__PURE__ */ new Map();
  for (const id of members) {
    const found = /* @__PURE__ */ new Set();
    const seen = /* @__PURE__ */ new Set();
    const stack = [...directOf(id)];
    while (stack.length > 0) {
      const p = stack.pop();
      if (seen.has(p) || p === id) continue;
      seen.add(p);
      if (members.has(p)) found.add(p);
      else stack.push(...directOf(p));
    }
    result.set(id, [...found].sort());
  }
  return result;
}

// src/shard/rerun.ts
var REUSED_EARLIER = "finished by an earlier attempt of this run; its warehouse record still matches";
var REUSABLE_KINDS = /* @__PURE__ */ new Set(["table", "view", "incremental", "materialized_view", "seed", "snapshot"]);
function reusableSpecs(specs) {
  return specs.filter((s) => REUSABLE_KINDS.has(s.kind));
}
async function proveFinishedEarlier(bridge, args, specs, runId) {
  const out = /* @__PURE__ */ new Map();
  if (specs.length === 0) return out;
  const relation = (s) => ({ database: s.database, schema: s.schema, identifier: s.identifier });
  const state = await readWarehouse(bridge, args, specs.map(relation));
  for (const s of specs) {
    const v = state.builtInRun(relation(s), s.uniqueId, s.hash, runId);
    if (v) out.set(s.uniqueId, v.ok ? { ok: true } : { ok: false, reason: v.reason });
  }
  return out;
}
function rebuiltAfterEarlier(why) {
  return `finished by an earlier attempt of this run, built again: ${why}`;
}

// src/shard/shard-file.ts
var SHARD_RESULT_KIND = "dbt-orchestrator-shard-result";
var OUTCOME_STRINGS = ["uniqueId", "resourceType", "name", "decision", "reason", "hash", "status"];
function badOutcome(value) {
  if (!isPlainObject(value)) return "is not an object";
  const missing = OUTCOME_STRINGS.find((key) => typeof value[key] !== "string");
  if (missing) return `has no "${missing}" string`;
  if (typeof value.attempts !== "number") return 'has no "attempts" number';
  if (value.skippedBecauseOf !== void 0 && typeof value.skippedBecauseOf !== "string") return '"skippedBecauseOf" is not a string';
  if (value.attemptErrors !== void 0 && !(Array.isArray(value.attemptErrors) && value.attemptErrors.every((e) => isPlainObject(e) && typeof e.attempt === "number" && typeof e.status === "string" && typeof e.message === "string"))) {
    return '"attemptErrors" is not a list of {attempt, status, message}';
  }
  if (value.result !== void 0) {
    const bad = checkDbtResult(value.result);
    if (bad) return bad;
  }
  if (value.reusedFrom !== void 0) {
    const bad = checkStoredResult(value.reusedFrom);
    if (bad) return `reusedFrom: ${bad}`;
  }
  return void 0;
}
var isWhole = (v) => typeof v === "number" && Number.isInteger(v);
function parseShardResultFile(value, label2) {
  const bad = (why) => ({ ok: false, reason: `${label2} is not a shard result of dbt-orchestrator (${why})` });
  if (!isPlainObject(value) || value.kind !== SHARD_RESULT_KIND) return bad(`no "kind": "${SHARD_RESULT_KIND}"`);
  if (!isWhole(value.shard) || !isWhole(value.shards)) return bad('no whole "shard" and "shards"');
  for (const key of ["runId", "startedAt", "finishedAt"]) if (typeof value[key] !== "string") return bad(`no "${key}" string`);
  if (!Array.isArray(value.outcomes)) return bad('no "outcomes" list');
  for (const [i, outcome] of value.outcomes.entries()) {
    const problem = badOutcome(outcome);
    if (problem) return bad(`outcomes[${i}] ${problem}`);
  }
  return { ok: true, value };
}

// src/shard/shard-loop.ts
function syntheticResult2(uniqueId, status, message2) {
  return { unique_id: uniqueId, status, timing: [], thread_id: "dbt-orchestrator", execution_time: 0, adapter_response: {}, message: message2, failures: null, compiled: null, compiled_code: null, relation_name: null };
}
async function runShardLoop(deps) {
  const done = /* @__PURE__ */ new Map();
  const proven = new Set(deps.earlier?.proven ?? []);
  const reused = /* @__PURE__ */ new Set();
  const rebuiltAfterEarlier2 = /* @__PURE__ */ new Map();
  const pending = [...deps.nodes];
  const watch = new HeartbeatWatch(deps.now());
  const waitingSince = /* @__PURE__ */ new Map();
  const announced = /* @__PURE__ */ new Set();
  const remote = /* @__PURE__ */ new Map();
  const rootOf = (id) => done.get(id)?.skippedBecauseOf;
  const finishNode = (id, node) => {
    done.set(id, node);
  };
  let first = true;
  while (pending.length > 0) {
    if (deps.cancelled()) break;
    const needsRemote = pending.some((id) => (deps.parents.get(id) ?? []).some((p) => deps.shardOf.get(p) !== deps.shard && !remote.has(p)));
    if (needsRemote || first) {
      const rows = await deps.readStatus();
      const now2 = deps.now();
      watch.observe(rows, now2);
      for (const row of rows) if (!row.uniqueId.startsWith("shard:") && row.status !== "running") remote.set(row.uniqueId, row);
    }
    first = false;
    const now = deps.now();
    const batch = [];
    const inBatch = /* @__PURE__ */ new Set();
    const decided = [];
    const reuse = async (id) => {
      pending.splice(pending.indexOf(id), 1);
      await deps.earlier.onReused(id);
      reused.add(id);
      finishNode(id, { uniqueId: id, attempts: 0, result: syntheticResult2(id, "success", "reused: finished by an earlier attempt of this run"), attemptErrors: [] });
      decided.push({ uniqueId: id, status: "success", message: "reused" });
    };
    const toReprove = [];
    for (const id of [...pending]) {
      const parents = (deps.parents.get(id) ?? []).map((p) => {
        const shard = deps.shardOf.get(p) ?? deps.shard;
        const local = shard === deps.shard;
        if (local) {
          const own = done.get(p);
          return { id: p, local, shard, status: own?.result.status, rootCause: rootOf(p), inBatch: inBatch.has(p) };
        }
        const row = remote.get(p);
        return { id: p, local, shard, status: row?.status, rootCause: row?.status === "skipped" && row.message ? row.message : void 0 };
      });
      const verdict = readiness(parents, (shard) => watch.problem(shard, now, deps.heartbeatTimeoutMs, deps.waitTimeoutMs));
      if (verdict.kind === "ready" && proven.has(id)) {
        const relationParents = parents.filter((p) => !deps.earlier.ordersOnly(p.id));
        const rebuilt = relationParents.find((p) => p.local && (inBatch.has(p.id) || !reused.has(p.id)));
        if (rebuilt) {
          proven.delete(id);
          rebuiltAfterEarlier2.set(id, `upstream \`${deps.nameOf(rebuilt.id)}\` is rebuilt`);
        } else if (parents.some((p) => p.local && inBatch.has(p.id))) {
          continue;
        } else if (relationParents.some((p) => !p.local)) {
          toReprove.push(id);
          continue;
        } else {
          await reuse(id);
          continue;
        }
      }
      if (verdict.kind === "ready") {
        batch.push(id);
        inBatch.add(id);
        continue;
      }
      if (verdict.kind === "wait") {
        const since = waitingSince.get(id) ?? now;
        waitingSince.set(id, since);
        const blocker = parents.find((p) => !p.local && p.status === void 0);
        if (blocker && !announced.has(id)) {
          announced.add(id);
          deps.onWait?.(id, blocker.id, blocker.shard);
        }
        if (blocker && now - since > deps.waitTimeoutMs) {
          const why = `waited ${Math.round((now - since) / 1e3)}s for \`${deps.nameOf(blocker.id)}\` (shard ${blocker.shard}) without a result (--wait-timeout)`;
          finishNode(id, { uniqueId: id, attempts: 0, result: syntheticResult2(id, "error", why), attemptErrors: [{ attempt: 0, status: "error", message: why }] });
          decided.push({ uniqueId: id, status: "error", message: why });
          pending.splice(pending.indexOf(id), 1);
        }
        continue;
      }
      pending.splice(pending.indexOf(id), 1);
      if (verdict.kind === "skip") {
        const where = verdict.shard !== void 0 ? ` (in shard ${deps.shardOf.get(verdict.because) ?? verdict.shard})` : "";
        const message2 = `skipped: upstream \`${deps.nameOf(verdict.because)}\` failed${where}`;
        finishNode(id, { uniqueId: id, attempts: 0, result: syntheticResult2(id, "skipped", message2), skippedBecauseOf: verdict.because, attemptErrors: [] });
        decided.push({ uniqueId: id, status: "skipped", message: verdict.because });
      } else {
        const message2 = `not run: \`${deps.nameOf(verdict.parent)}\` cannot finish: ${verdict.why}`;
        finishNode(id, { uniqueId: id, attempts: 0, result: syntheticResult2(id, "error", message2), attemptErrors: [{ attempt: 0, status: "error", message: message2 }] });
        decided.push({ uniqueId: id, status: "error", message: message2 });
      }
    }
    if (toReprove.length > 0) {
      const failed = await deps.earlier.reprove(toReprove);
      for (const id of toReprove) {
        proven.delete(id);
        const why = failed.get(id);
        if (why === void 0) await reuse(id);
        else rebuiltAfterEarlier2.set(id, why);
      }
    }
    if (batch.length > 0) {
      for (const id of batch) pending.splice(pending.indexOf(id), 1);
      const executed = await deps.runBatch(batch);
      for (const id of batch) {
        const node = executed.get(id) ?? { uniqueId: id, attempts: 0, result: syntheticResult2(id, "not-run", "not run: dbt stopped before this node started"), attemptErrors: [] };
        finishNode(id, node);
        const status = isSuccess(node.result.status) ? "success" : node.result.status === "skipped" ? "skipped" : "error";
        decided.push({ uniqueId: id, status, message: status === "skipped" ? node.skippedBecauseOf ?? "" : status === "error" ? firstLine4(node.result.message) : "" });
      }
    }
    await deps.writeStatus(decided);
    if (batch.length === 0 && decided.length === 0 && toReprove.length === 0 && pending.length > 0) await deps.sleep(deps.pollMs);
  }
  for (const id of pending) {
    finishNode(id, { uniqueId: id, attempts: 0, result: syntheticResult2(id, "not-run", "not run: the shard was stopped before this node started"), attemptErrors: [] });
  }
  return { executed: done, reused, rebuiltAfterEarlier: rebuiltAfterEarlier2 };
}
function firstLine4(text2) {
  return (text2 ?? "").split("\n").find((l) => l.trim() !== "")?.trim().slice(0, 500) ?? "";
}

// src/shard/run-shard.ts
var SHARD_WAIT_DEFAULTS = { waitTimeoutSeconds: 3600, heartbeatTimeoutSeconds: 120, pollSeconds: 2 };
function readPlan(path) {
  let text2;
  try {
    text2 = readFileSync8(path, "utf8");
  } catch (error) {
    throw new InputError("--plan", `cannot read ${path} (${error.code ?? error.message}); pass the plan.json written by \`dbt-orchestrator plan --shards N --json\``);
  }
  return parsePlanFile(text2, path);
}
async function runShard(options, deps) {
  const { base } = options;
  const { output } = deps;
  let plan;
  let index;
  try {
    plan = readPlan(options.planPath);
    index = parseShardArg(options.shard, plan).index;
    refuseSingleWriter(plan.project.adapterType, "--shard");
  } catch (error) {
    if (error instanceof InputError) return { exitCode: EXIT_BAD_INPUT, error: error.message };
    throw error;
  }
  const shardDir = options.shardDir ?? join19(base.projectDir, "target", shardName(index, plan.shards));
  const startedAt = deps.now();
  let bridge;
  let interrupted = false;
  const onAbort = () => {
    interrupted = true;
    output.warn("interrupted: stopping dbt; results of finished nodes are kept");
    bridge?.kill();
  };
  deps.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const env = { ...deps.env, DBT_TARGET_PATH: deps.env.DBT_TARGET_PATH ?? join19("target", `dbt-${shardName(index, plan.shards)}`) };
    bridge = await startDbt(base, { ...deps, env });
    const project = await parseProject(bridge, { ...base, defer: false }, deps);
    const { parse, nodes, graph, produced, args } = project;
    refuseSingleWriter(parse.target.adapterType, "--shard");
    const own = codeHashesOf(graph, ownHashInputs(project, base, env));
    checkPlanMatches(plan, parse, nodes, own, options.planPath);
    const mine = plan.shardPlans[index - 1].nodes;
    const runNodes = plan.nodes.filter((n) => n.decision === "run");
    const planHash = new Map(plan.nodes.map((n) => [n.uniqueId, n.hash]));
    const shardOf = new Map(runNodes.map((n) => [n.uniqueId, n.shard]));
    const parents = runSetParents(graph, runNodes.map((n) => n.uniqueId));
    if (mine.length > 0) await probeWarehouse(bridge, args, parse.target);
    const slots = new Map(mine.map((id) => [id, slotFor(nodes.get(id), parse)]));
    const specs = mine.flatMap((id) => recordSpecFor(nodes.get(id), slots.get(id), planHash.get(id)) ?? []);
    const reusable = reusableSpecs(specs);
    const earlier = await proveFinishedEarlier(bridge, args, reusable, plan.runId);
    const proven = new Set([...earlier].filter(([, v]) => v.ok).map(([id]) => id));
    if (earlier.size > 0) output.line(`Shard ${index}/${plan.shards}: an earlier attempt of this run finished ${earlier.size} node(s); ${proven.size} still proven by their warehouse records`);
    rmSync(shardDir, { recursive: true, force: true });
    mkdirSync3(shardDir, { recursive: true });
    const store = await openStore(join19(shardDir, "store"), { warn: output.warn });
    const status = new RunStatusClient(bridge);
    const pollMs = (options.pollSeconds ?? 2) * 1e3;
    const cleanup = await status.begin({ runId: plan.runId, shard: index, uniqueIds: mine, table: plan.statusTable, heartbeatSeconds: Math.max(1, pollMs / 1e3) });
    if (cleanup) output.warn(`status table: could not delete the rows of runs older than ${STATUS_KEEP_DAYS} days (${cleanup}); the build goes on`);
    output.line(`Shard ${index}/${plan.shards} of run ${plan.runId}: ${mine.length} node(s); ${plan.shardPlans[index - 1].waitsFor.length} wait(s) on other shards`);
    const factsOf = (id) => ({ node: nodes.get(id), hash: { ...own.get(id), hash: planHash.get(id) }, slot: slots.get(id), unknownUpstream: [] });
    const warnStore = (what) => (error) => output.warn(`could not ${what} in the store: ${error instanceof Error ? error.message : String(error)}`);
    const nameOf = (id) => nodes.get(id)?.name ?? id;
    const runner = recordingRunner(
      { build: (buildArgs, onEvent) => bridge.build({ ...buildArgs, extraParents: producerParentsForDbt(graph, produced) }, onEvent) },
      { runId: plan.runId, nodes: specs },
      output.warn
    );
    const specOf = new Map(reusable.map((s) => [s.uniqueId, s]));
    const { executed, reused, rebuiltAfterEarlier: builtAgain } = await runShardLoop({
      nodes: mine,
      parents,
      shardOf,
      shard: index,
      nameOf,
      runBatch: (ids) => executeRunSet({
        graph,
        runSet: ids,
        threads: base.threads ?? plan.options.threads ?? parse.target.threads,
        fullRefresh: plan.options.fullRefresh,
        retries: base.retries,
        retryDelaySeconds: base.retryDelaySeconds,
        runner,
        sleep: deps.sleep,
        cancelled: () => interrupted,
        hooks: {
          onNodeFinish: (id, result2) => output.line(`${isSuccess(result2.status) ? "OK" : result2.status.toUpperCase()} ${nodes.get(id).resource_type} ${nameOf(id)}`),
          invalidate: (id) => store.clearSlot(slots.get(id).key).catch(warnStore("clear a slot")),
          recordSuccess: (id, result2) => store.record(storedResultFor(factsOf(id), result2, deps.now(), plan.runId)).catch(warnStore("record a result"))
        }
      }),
      readStatus: () => status.read(),
      writeStatus: (rows) => status.write(rows).catch((error) => {
        if (!interrupted) throw error;
      }),
      now: () => deps.now().getTime(),
      sleep: deps.sleep,
      pollMs,
      heartbeatTimeoutMs: options.heartbeatTimeoutSeconds * 1e3,
      waitTimeoutMs: options.waitTimeoutSeconds * 1e3,
      cancelled: () => interrupted,
      onWait: (id, parent, shard) => output.line(`WAIT ${nameOf(id)}: for \`${nameOf(parent)}\` (shard ${shard})`),
      earlier: {
        proven,
        ordersOnly: (id) => ["test", "unit_test"].includes(nodes.get(id)?.resource_type ?? ""),
        reprove: async (ids) => {
          const again = await proveFinishedEarlier(bridge, args, ids.map((id) => specOf.get(id)), plan.runId);
          return new Map(ids.flatMap((id) => {
            const v = again.get(id);
            return v?.ok ? [] : [[id, v ? v.reason : "its relation or record is gone"]];
          }));
        },
        onReused: async (id) => {
          output.line(`REUSE ${nodes.get(id).resource_type} ${nameOf(id)}: ${REUSED_EARLIER}`);
          await store.record(storedResultFor(factsOf(id), syntheticResult2(id, "success", REUSED_EARLIER), deps.now(), plan.runId)).catch(warnStore("record a result"));
        }
      }
    });
    const problems = await status.finish(!interrupted).catch((error) => interrupted ? [] : [error instanceof Error ? error.message : String(error)]);
    for (const problem of problems) output.warn(`status table: ${problem}`);
    const byId = new Map(plan.nodes.map((n) => [n.uniqueId, n]));
    const notProven = new Map([...earlier].flatMap(([id, v]) => v.ok ? [] : [[id, v.reason]]));
    const outcomes = mine.map((id) => {
      if (reused.has(id)) return outcomeFor({ uniqueId: id, decision: "reuse", reason: REUSED_EARLIER }, factsOf(id), void 0);
      const why = builtAgain.get(id) ?? notProven.get(id);
      return outcomeFor({ uniqueId: id, decision: "run", reason: why ? rebuiltAfterEarlier(why) : byId.get(id).reason }, factsOf(id), executed.get(id));
    });
    for (const o of outcomes) if (o.status === "skipped" || o.status === "error" || o.status === "not-run") output.line(`${o.status.toUpperCase()} ${o.resourceType} ${o.name}: ${o.result?.message ?? o.reason}`);
    const finishedAt = deps.now();
    const counts = countStatuses(outcomes);
    const exitCode = interrupted ? EXIT_INTERRUPTED : runFailed(counts) || counts.notRun > 0 ? EXIT_NODE_FAILED : EXIT_OK;
    const info = {
      runId: plan.runId,
      command: plan.command,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      elapsedSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1e3,
      dbtVersion: parse.dbtVersion,
      adapterType: parse.target.adapterType,
      args: { which: plan.command, shard: `${index}/${plan.shards}`, plan_run_id: plan.runId }
    };
    const result = { kind: SHARD_RESULT_KIND, format: 1, runId: plan.runId, shard: index, shards: plan.shards, attemptId: randomUUID2(), startedAt: info.startedAt, finishedAt: info.finishedAt, exitCode, outcomes };
    const report = buildOrchestratorReport({ run: info, nodes: outcomes.map((outcome) => ({ outcome, inputs: own.get(outcome.uniqueId).inputs, relationName: nodes.get(outcome.uniqueId).relation_name ?? null })) });
    await writeRunResults(join19(shardDir, "run_results.json"), buildRunResults(outcomes, info));
    await writeOrchestratorReport(join19(shardDir, "orchestrator.json"), report);
    await writeJsonAtomic(join19(shardDir, "shard.json"), result);
    output.line(`Shard ${index}/${plan.shards}: ${counts.built} built, ${counts.reused} reused, ${counts.failed} failed, ${counts.skipped} skipped, ${counts.notRun} not run; wrote ${shardDir}`);
    return { exitCode, shardDir, report };
  } catch (error) {
    if (error instanceof InputError || error instanceof DbtNotFoundError) return { exitCode: EXIT_BAD_INPUT, error: error.message };
    if (error instanceof BridgeError && error.kind !== "internal" && error.kind !== "database") return { exitCode: EXIT_BAD_INPUT, error: `${bridgeErrorTitle(error.kind)}: ${error.message}` };
    if (interrupted) return { exitCode: EXIT_INTERRUPTED, error: "interrupted" };
    throw error;
  } finally {
    deps.signal?.removeEventListener("abort", onAbort);
    await bridge?.close().catch(() => void 0);
  }
}

// src/shard/merge.ts
function readShardFile(dir, plan) {
  const path = join20(dir, "shard.json");
  if (existsSync8(path)) {
    const read = readJsonFile(path, path, parseShardResultFile);
    if (!read.ok) throw new InputError("merge", read.reason);
    const value = read.value;
    if (value.runId !== plan.runId) throw new InputError("merge", `${dir} holds shard ${value.shard} of run ${value.runId}, but the plan is run ${plan.runId}: pass the shard dirs built from this plan`);
    if (value.shards !== plan.shards || value.shard < 1 || value.shard > plan.shards) throw new InputError("merge", `${dir} is shard ${value.shard}/${value.shards}, the plan has ${plan.shards} shards`);
    return { shard: value.shard, result: value };
  }
  const match = /shard-(\d+)-of-(\d+)/.exec(basename3(dir.replace(/[/\\]+$/, "")));
  if (!match || Number(match[2]) !== plan.shards || Number(match[1]) < 1 || Number(match[1]) > plan.shards) {
    throw new InputError("merge", `${dir} has no shard.json and its name does not say which of the plan's ${plan.shards} shards it is (shard-I-of-${plan.shards})`);
  }
  return { shard: Number(match[1]) };
}
async function resultsOfRun(plan, shard, dir, warn) {
  const store = await openStore(dir, { warn });
  const out = [];
  for (const n of plan.nodes) {
    if (n.decision !== "run" || n.shard !== shard) continue;
    const result = await store.getResult(n.hash);
    if (result && result.runId === plan.runId && result.uniqueId === n.uniqueId) out.push(result);
  }
  return out;
}
async function runMerge(options, deps) {
  const { output } = deps;
  const inputs = /* @__PURE__ */ new Map();
  let plan;
  try {
    plan = readPlan(options.planPath);
    if (options.shardDirs.length === 0) throw new InputError("merge", "no shard dirs given: pass the shard dirs of this plan (e.g. shards/*/)");
    for (const dir of options.shardDirs) {
      if (!existsSync8(dir)) throw new InputError("merge", `${dir} does not exist`);
      const { shard, result } = readShardFile(dir, plan);
      const storeDir = join20(dir, "store");
      const stored = existsSync8(storeDir) ? await resultsOfRun(plan, shard, storeDir, output.warn) : [];
      const known = inputs.get(shard);
      if (known && (known.finishedAt ?? "") >= (result?.finishedAt ?? "")) {
        output.warn(`${dir}: shard ${shard} was given twice; the later attempt counts`);
        continue;
      }
      inputs.set(shard, { outcomes: result?.outcomes, stored, finishedAt: result?.finishedAt });
    }
  } catch (error) {
    if (error instanceof InputError) return { exitCode: EXIT_BAD_INPUT, error: error.message };
    throw error;
  }
  for (const shard of missingShards(plan, inputs)) output.warn(`shard ${shard}/${plan.shards} left no shard dir: its nodes are reported as not run`);
  const store = await openStore(options.storeDir, { warn: output.warn });
  const reusedFrom = /* @__PURE__ */ new Map();
  for (const n of plan.nodes) {
    if (n.decision !== "reuse") continue;
    const stored = await store.getResult(n.hash);
    if (stored) reusedFrom.set(n.uniqueId, stored);
  }
  const outcomes = mergeOutcomes(plan, inputs, reusedFrom);
  const recorded = /* @__PURE__ */ new Map();
  for (const input of inputs.values()) for (const r of input.stored) recorded.set(`${r.uniqueId}@${r.hash}`, r);
  const warnStore = (error) => output.warn(`could not update the store: ${error instanceof Error ? error.message : String(error)}`);
  for (const n of plan.nodes) {
    if (n.decision !== "run") continue;
    const result = recorded.get(`${n.uniqueId}@${n.hash}`);
    if (result) await store.record(result, { replace: true }).catch(warnStore);
    else if (n.slot) await store.clearSlot(n.slot).catch(warnStore);
  }
  const finishedAt = deps.now();
  const startedAt = new Date(plan.createdAt);
  const info = {
    runId: plan.runId,
    command: plan.command,
    startedAt: plan.createdAt,
    finishedAt: finishedAt.toISOString(),
    elapsedSeconds: Math.max(0, (finishedAt.getTime() - startedAt.getTime()) / 1e3),
    dbtVersion: plan.project.dbtVersion,
    adapterType: plan.project.adapterType,
    args: { which: plan.command, select: plan.options.select, exclude: plan.options.exclude, selector: plan.options.selector, full_refresh: plan.options.fullRefresh, shards: plan.shards }
  };
  const runResultsPath = join20(options.outDir, "run_results.json");
  const orchestratorPath = join20(options.outDir, "orchestrator.json");
  const runResults = buildRunResults(outcomes, info);
  await writeRunResults(runResultsPath, runResults);
  const inputsOf = (id, hash2) => recorded.get(`${id}@${hash2}`)?.inputs ?? reusedFrom.get(id)?.inputs ?? [];
  const report = buildOrchestratorReport({
    run: info,
    nodes: outcomes.map((outcome) => ({ outcome, inputs: inputsOf(outcome.uniqueId, outcome.hash), relationName: outcome.result?.relation_name ?? outcome.reusedFrom?.relationName ?? null })),
    ephemeral: plan.nodes.filter((n) => n.decision === "ephemeral").map((n) => ({ uniqueId: n.uniqueId, name: n.name, hash: n.hash, inputs: [] }))
  });
  await writeOrchestratorReport(orchestratorPath, report);
  await recordRun(options.storeDir, info, outcomes).catch(warnStore);
  const counts = countStatuses(outcomes);
  output.line(`Merged ${inputs.size} of ${plan.shards} shard(s) of run ${plan.runId}: ${counts.built} built, ${counts.reused} reused, ${counts.failed} failed, ${counts.skipped} skipped, ${counts.notRun} not run`);
  output.line(`Wrote ${runResultsPath} and ${orchestratorPath}; store ${options.storeDir}`);
  const exitCode = runFailed(counts) || counts.notRun > 0 ? EXIT_NODE_FAILED : EXIT_OK;
  if (exitCode === EXIT_OK && options.statusCleanup) {
    const problem = await deleteRunStatus(plan, options.statusCleanup, deps);
    if (problem) output.warn(problem);
    else output.line(`Deleted the status rows of run ${plan.runId}`);
  }
  return { exitCode, runResultsPath, orchestratorPath, report, runResults, plan };
}

// src/shard/cut.ts
function graphOf(nodes) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const children = new Map(nodes.map((n) => [n.id, []]));
  for (const n of nodes) for (const p of n.parents) if (byId.has(p)) children.get(p).push(n.id);
  const bottom = /* @__PURE__ */ new Map();
  const visit = (id) => {
    const known = bottom.get(id);
    if (known !== void 0) return known;
    let below = 0;
    for (const child of children.get(id)) below = Math.max(below, visit(child));
    const value = below + byId.get(id).seconds;
    bottom.set(id, value);
    return value;
  };
  for (const id of topological(nodes, byId).reverse()) visit(id);
  return { byId, children, bottom };
}
function topological(nodes, byId) {
  const indegree = new Map(nodes.map((n) => [n.id, n.parents.filter((p) => byId.has(p)).length]));
  const children = new Map(nodes.map((n) => [n.id, []]));
  for (const n of nodes) for (const p of n.parents) if (byId.has(p)) children.get(p).push(n.id);
  const queue = nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const order = [];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    order.push(id);
    for (const child of children.get(id)) {
      const left = indegree.get(child) - 1;
      indegree.set(child, left);
      if (left === 0) queue.push(child);
    }
  }
  if (order.length !== nodes.length) throw new Error("the run set has a cycle");
  return order;
}
function components(nodes, byId) {
  const parent = new Map(nodes.map((n) => [n.id, n.id]));
  const find = (x) => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root);
    for (let y = x; parent.get(y) !== root; ) {
      const next = parent.get(y);
      parent.set(y, root);
      y = next;
    }
    return root;
  };
  for (const n of nodes) for (const p of n.parents) if (byId.has(p)) parent.set(find(n.id), find(p));
  const groups = /* @__PURE__ */ new Map();
  for (const n of nodes) {
    const root = find(n.id);
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root).push(n.id);
  }
  return [...groups.values()];
}
function simulate(graph, pinned, options) {
  const { shards, threads, crossShardDelaySeconds: delay2 } = options;
  const shardOf = new Map(pinned);
  const order = Array.from({ length: shards }, () => []);
  const finish2 = /* @__PURE__ */ new Map();
  const waiting = /* @__PURE__ */ new Map();
  for (const [id, node] of graph.byId) waiting.set(id, node.parents.filter((p) => graph.byId.has(p)).length);
  const ready = [];
  const makeReady = (id) => {
    const at = new Array(shards).fill(0);
    for (const p of graph.byId.get(id).parents) {
      const end = finish2.get(p);
      if (end === void 0) continue;
      const home = shardOf.get(p);
      for (let s = 0; s < shards; s++) at[s] = Math.max(at[s], s === home ? end : end + delay2);
    }
    const key = graph.bottom.get(id);
    let lo = 0;
    let hi = ready.length;
    while (lo < hi) {
      const mid = lo + hi >> 1;
      if (ready[mid].key >= key) lo = mid + 1;
      else hi = mid;
    }
    ready.splice(lo, 0, { id, key, at });
  };
  for (const [id, n] of waiting) if (n === 0) makeReady(id);
  const affine = (id, s) => graph.byId.get(id).parents.every((p) => !graph.byId.has(p) || shardOf.get(p) === s);
  const pickFor = (s) => {
    let first = -1;
    for (let i = 0; i < ready.length; i++) {
      const r = ready[i];
      if ((shardOf.get(r.id) ?? s) !== s || r.at[s] > now) continue;
      if (first < 0) {
        first = i;
        if (affine(r.id, s)) return i;
        continue;
      }
      if (r.key < ready[first].key - options.affinitySlackSeconds) break;
      if (affine(r.id, s)) return i;
    }
    return first;
  };
  const free = Array.from({ length: shards }, () => new Array(threads).fill(0));
  const running = [];
  let now = 0;
  let done = 0;
  while (done < graph.byId.size) {
    let started = false;
    for (let s = 0; s < shards; s++) {
      for (let t = 0; t < threads; t++) {
        if (free[s][t] > now) continue;
        const index = pickFor(s);
        if (index < 0) break;
        const id = ready.splice(index, 1)[0].id;
        shardOf.set(id, s);
        order[s].push(id);
        const end = now + graph.byId.get(id).seconds;
        free[s][t] = end;
        running.push({ id, end });
        started = true;
      }
    }
    if (started) continue;
    let next = Infinity;
    for (const r of running) next = Math.min(next, r.end);
    for (const r of ready) {
      const home = shardOf.get(r.id);
      for (let s = 0; s < shards; s++) if ((home ?? s) === s && r.at[s] > now) next = Math.min(next, r.at[s]);
    }
    if (next === Infinity) throw new Error("simulation stalled");
    now = next;
    for (let i = running.length - 1; i >= 0; i--) {
      const r = running[i];
      if (r.end > now) continue;
      running.splice(i, 1);
      finish2.set(r.id, r.end);
      done += 1;
      for (const child of graph.children.get(r.id)) {
        const left = waiting.get(child) - 1;
        waiting.set(child, left);
        if (left === 0) makeReady(child);
      }
    }
  }
  return { shardOf, order, makespan: Math.max(0, ...finish2.values()) };
}
function cutIntoShards(nodes, options) {
  if (!Number.isInteger(options.shards) || options.shards < 1) throw new Error("shards must be a positive integer");
  if (!Number.isInteger(options.threads) || options.threads < 1) throw new Error("threads must be a positive integer");
  const graph = graphOf(nodes);
  const total = nodes.reduce((sum, n) => sum + n.seconds, 0);
  const criticalPath = Math.max(0, ...graph.bottom.values());
  const lowerBound = Math.max(criticalPath, total / (options.shards * options.threads));
  const fairShare = total / options.shards;
  const pinned = /* @__PURE__ */ new Map();
  const load = new Array(options.shards).fill(0);
  const work = (ids) => ids.reduce((sum, id) => sum + graph.byId.get(id).seconds, 0);
  const groups = components(nodes, graph.byId).map((ids) => ({ ids, work: work(ids) })).sort((a, b) => b.work - a.work);
  for (const group of groups) {
    if (group.work > fairShare) continue;
    let shard = 0;
    for (let s = 1; s < options.shards; s++) if (load[s] < load[shard]) shard = s;
    load[shard] += group.work;
    for (const id of group.ids) pinned.set(id, shard);
  }
  const { shardOf, order, makespan } = simulate(graph, pinned, options);
  const waits = [];
  for (const n of nodes) {
    for (const p of n.parents) {
      if (!graph.byId.has(p)) continue;
      const parentShard = shardOf.get(p);
      const shard = shardOf.get(n.id);
      if (parentShard !== shard) waits.push({ node: n.id, parent: p, parentShard, shard });
    }
  }
  return { shardOf, shards: order, waits, estimatedMakespan: makespan, lowerBound };
}

// src/shard/plan.ts
var UNKNOWN_SECONDS = 1;
var CROSS_SHARD_DELAY_SECONDS = 5;
var AFFINITY_SLACK_SECONDS = 30;
function buildShardPlan(input) {
  const { facts, shards, threads } = input;
  const runIds = input.plan.filter((p) => p.decision === "run").map((p) => p.uniqueId);
  const parents = runSetParents(facts.graph, runIds);
  const seconds4 = (id) => facts.lastSeconds.get(id) ?? UNKNOWN_SECONDS;
  const cut = cutIntoShards(
    runIds.map((id) => ({ id, seconds: seconds4(id), parents: parents.get(id) })),
    { shards, threads, crossShardDelaySeconds: CROSS_SHARD_DELAY_SECONDS, affinitySlackSeconds: AFFINITY_SLACK_SECONDS }
  );
  const shardOf = (id) => cut.shardOf.get(id) + 1;
  const nodes = input.plan.map((p) => ({
    uniqueId: p.uniqueId,
    name: p.name,
    resourceType: p.resourceType,
    decision: p.decision === "run" ? "run" : p.decision === "reuse" ? "reuse" : "ephemeral",
    reason: p.reason,
    hash: p.hash,
    codeHash: facts.codeHashes.get(p.uniqueId) ?? p.hash,
    shard: p.decision === "run" ? shardOf(p.uniqueId) : null,
    ...facts.slots.has(p.uniqueId) ? { slot: facts.slots.get(p.uniqueId) } : {},
    ...facts.lastSeconds.has(p.uniqueId) ? { seconds: facts.lastSeconds.get(p.uniqueId) } : {}
  }));
  const shardPlans = Array.from({ length: shards }, (_, i) => {
    const own = runIds.filter((id) => shardOf(id) === i + 1);
    return {
      index: i + 1,
      nodes: own,
      estimatedSeconds: round(own.reduce((sum, id) => sum + seconds4(id), 0)),
      waitsFor: cut.waits.filter((w) => w.shard === i).map((w) => ({ node: w.node, parent: w.parent, parentShard: w.parentShard + 1 }))
    };
  });
  return {
    kind: PLAN_KIND,
    format: PLAN_FORMAT,
    runId: input.runId,
    createdAt: input.now.toISOString(),
    shards,
    matrix: matrixOf(shards),
    project: {
      name: facts.projectName,
      adapterType: facts.target.adapterType,
      dbtVersion: facts.dbtVersion,
      targetName: facts.target.targetName,
      codeDigest: codeDigest(nodes)
    },
    command: input.command,
    options: { select: input.select, exclude: input.exclude, selector: input.selector ?? null, fullRefresh: input.fullRefresh, threads },
    statusTable: { database: facts.target.database, schema: facts.target.schema, identifier: STATUS_TABLE },
    estimate: {
      makespanSeconds: round(cut.estimatedMakespan),
      lowerBoundSeconds: round(cut.lowerBound),
      totalSeconds: round(runIds.reduce((sum, id) => sum + seconds4(id), 0))
    },
    nodes,
    shardPlans
  };
}
function codeDigest(nodes) {
  return digestOf([...nodes].sort((a, b) => a.uniqueId < b.uniqueId ? -1 : 1).map((n) => [n.uniqueId, n.codeHash]));
}
function round(seconds4) {
  return Math.round(seconds4 * 10) / 10;
}
function shardPlanLines(plan) {
  const names = new Map(plan.nodes.map((n) => [n.uniqueId, n.name]));
  const counts = { run: 0, reuse: 0 };
  for (const n of plan.nodes) if (n.decision === "run" || n.decision === "reuse") counts[n.decision] += 1;
  const lines = [
    `Run ${plan.runId}: ${counts.run} node(s) to run in ${plan.shards} shard(s), ${counts.reuse} reused; estimated ${plan.estimate.makespanSeconds}s (lower bound ${plan.estimate.lowerBoundSeconds}s, ${plan.estimate.totalSeconds}s of work)`
  ];
  for (const s of plan.shardPlans) {
    lines.push(`shard ${s.index}/${plan.shards}: ${s.nodes.length} node(s), ~${s.estimatedSeconds}s${s.waitsFor.length === 0 ? ", waits for no other shard" : `, waits for ${s.waitsFor.length} parent(s) in other shards:`}`);
    for (const w of s.waitsFor) lines.push(`  ${names.get(w.node) ?? w.node} waits for ${names.get(w.parent) ?? w.parent} (shard ${w.parentShard})`);
  }
  return lines;
}

// src/shard/run-plan.ts
import { randomUUID as randomUUID3 } from "node:crypto";
async function runShardPlan(options, shards, deps) {
  if (options.command !== "build") return { exitCode: EXIT_BAD_INPUT, error: new InputError("--command", "a sharded plan is a plan of `build`").message };
  if (options.explain) return { exitCode: EXIT_BAD_INPUT, error: new InputError("--explain", "--explain explains one node; leave out --shards").message };
  const result = await runEngine({ ...options, planOnly: true, shards }, deps);
  if (result.exitCode !== EXIT_OK) return { exitCode: result.exitCode, error: result.error };
  if (!result.shardFacts) throw new Error("the engine planned a sharded build without its shard facts");
  const plan = buildShardPlan({
    plan: result.plan,
    facts: result.shardFacts,
    shards,
    threads: options.threads ?? result.shardFacts.target.threads,
    runId: randomUUID3(),
    now: deps.now(),
    command: options.command,
    select: options.select,
    exclude: options.exclude,
    selector: options.selector,
    fullRefresh: options.fullRefresh
  });
  return { exitCode: EXIT_OK, plan };
}

// src/shard/cli.ts
function addShardBuildOptions(cmd) {
  return cmd.option("--shard <i/N>", "run shard I of N of a sharded build (needs --plan)").option("--plan <file>", "plan.json written by `plan --shards N --json` (with --shard)").option("--shard-dir <dir>", "where the shard writes shard.json, store/ and its reports (default: <project-dir>/target/shard-I-of-N)").option("--wait-timeout <seconds>", "longest wait for a parent in another shard", String(SHARD_WAIT_DEFAULTS.waitTimeoutSeconds)).option("--heartbeat-timeout <seconds>", "a parent's shard silent this long counts as gone", String(SHARD_WAIT_DEFAULTS.heartbeatTimeoutSeconds)).addOption(new Option("--poll-interval <seconds>").default(String(SHARD_WAIT_DEFAULTS.pollSeconds)).hideHelp());
}
var FROM_PLAN = [
  ["select", "--select"],
  ["exclude", "--exclude"],
  ["selector", "--selector"],
  ["state", "--state"]
];
function seconds2(name, value, min) {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > 86400) throw new InputError(name, `expected seconds from ${min} to 86400, got ${JSON.stringify(value)}`);
  return n;
}
async function shardBuild(opts, base, deps, io) {
  try {
    if (opts.shard === void 0 || opts.plan === void 0) throw new InputError(opts.shard === void 0 ? "--plan" : "--shard", "--shard I/N and --plan FILE go together: the plan says what each shard runs");
    for (const [key, flag2] of FROM_PLAN) {
      const v = opts[key];
      if (v !== void 0 && !(Array.isArray(v) && v.length === 0)) throw new InputError(flag2, `the plan fixed the selection of a sharded build: ${flag2} goes to \`plan --shards N\`, not to a shard`);
    }
    if (opts.fullRefresh) throw new InputError("--full-refresh", "pass --full-refresh to `plan --shards N`: the plan decides what a shard rebuilds");
    if (opts.reuse === false) throw new InputError("--no-reuse", "pass --no-reuse to `plan --shards N`: the plan decides what a shard rebuilds");
    const result = await runShard(
      {
        base,
        planPath: abs(String(opts.plan), io.cwd),
        shard: String(opts.shard),
        shardDir: opts.shardDir === void 0 ? void 0 : abs(String(opts.shardDir), io.cwd),
        waitTimeoutSeconds: seconds2("--wait-timeout", opts.waitTimeout, 1),
        heartbeatTimeoutSeconds: seconds2("--heartbeat-timeout", opts.heartbeatTimeout, 3),
        pollSeconds: seconds2("--poll-interval", opts.pollInterval, 0.2)
      },
      deps
    );
    if (result.error) io.stderr.write(`error: ${result.error}
`);
    return result.exitCode;
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr.write(`error: ${error.message}
`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
}
async function shardPlan(options, shardsFlag, json, deps, io, output) {
  let shards;
  try {
    shards = parseShardCount(String(shardsFlag));
  } catch (error) {
    io.stderr.write(`error: ${error.message}
`);
    return EXIT_BAD_INPUT;
  }
  const result = await runShardPlan(options, shards, { ...deps, output: json ? { line: () => void 0, warn: output.warn } : output });
  if (!result.plan) {
    if (result.error) io.stderr.write(`error: ${result.error}
`);
    return result.exitCode;
  }
  if (json) io.stdout.write(planFileText(result.plan));
  else for (const line of shardPlanLines(result.plan)) output.line(line);
  return result.exitCode;
}
function addMergeCommand(program2, io, output, setExit) {
  program2.command("merge").description("one run_results.json, orchestrator.json and store from the shard dirs of a sharded build").argument("<shard-dirs...>", "the shard dirs (shard-I-of-N) written by `build --shard`").requiredOption("--plan <file>", "the plan.json the shards ran").option("--project-dir <dir>", "dbt project directory", ".").option("--store <dir>", "store to merge the shards into (default: <project-dir>/.dbt-orchestrator)").option("--out <dir>", "where run_results.json and orchestrator.json go (default: <project-dir>/target)").option("--profiles-dir <dir>", "dbt profiles directory, to delete the run's status rows after a successful merge").option("-t, --target <name>", "dbt target (the one the shards used)").option("--vars <yaml>", "dbt vars (those the shards used)").option("--dbt <path>", "path to the dbt executable (its Python runs the bridge)").option("--no-status-cleanup", "keep the run's rows in the status table (no dbt is started)").action(async (dirs, opts) => {
    const projectDir = abs(String(opts.projectDir), io.cwd);
    const str = (v) => v === void 0 ? void 0 : String(v);
    const result = await runMerge(
      {
        planPath: abs(String(opts.plan), io.cwd),
        shardDirs: dirs.map((d) => abs(d, io.cwd)),
        storeDir: opts.store === void 0 ? defaultStoreDir(projectDir) : abs(String(opts.store), io.cwd),
        outDir: opts.out === void 0 ? resolve5(projectDir, "target") : abs(String(opts.out), io.cwd),
        statusCleanup: opts.statusCleanup === false ? false : { projectDir, profilesDir: opts.profilesDir === void 0 ? void 0 : abs(String(opts.profilesDir), io.cwd), target: str(opts.target), vars: str(opts.vars), dbtPath: opts.dbt === void 0 ? void 0 : abs(String(opts.dbt), io.cwd) }
      },
      { output, now: () => /* @__PURE__ */ new Date(), env: io.env, cwd: io.cwd }
    );
    if (result.error) io.stderr.write(`error: ${result.error}
`);
    setExit(result.exitCode);
  });
}
function abs(path, cwd) {
  return isAbsolute3(path) ? path : resolve5(cwd, path);
}

// src/stats.ts
import { existsSync as existsSync9, statSync as statSync3 } from "node:fs";
import { isAbsolute as isAbsolute4, join as join21, resolve as resolve6 } from "node:path";
async function runStats(options, io) {
  const last = Number(options.last);
  if (!Number.isInteger(last) || last < 1) throw new InputError("--last", `expected a whole number >= 1, got '${options.last}'`);
  const projectDir = resolve6(io.cwd, options.projectDir);
  const storeDir = options.store ? isAbsolute4(options.store) ? options.store : resolve6(io.cwd, options.store) : join21(projectDir, ".dbt-orchestrator");
  if (existsSync9(storeDir) && !statSync3(storeDir).isDirectory()) throw new InputError("--store", `'${storeDir}' exists and is not a directory`);
  if (!options.store && !existsSync9(join21(projectDir, "dbt_project.yml")) && !existsSync9(storeDir)) {
    throw new InputError("--project-dir", `'${options.projectDir}' has no dbt_project.yml and no store; pass --project-dir or --store`);
  }
  const all = await readRuns(storeDir, { warn: io.warn });
  const shown2 = all.slice(Math.max(0, all.length - last));
  if (options.json) io.stdout.write(`${JSON.stringify({ store: storeDir, recorded: all.length, runs: shown2, total: totalOf(shown2) }, null, 2)}
`);
  else for (const line of statsLines(shown2, all.length)) io.stdout.write(`${line}
`);
  return 0;
}

// src/cli-values.ts
var OptionValues = class {
  constructor(values) {
    this.values = values;
  }
  values;
  /** A `<value>` option: its text, or undefined when not given and without a default. */
  text(key) {
    const value = this.values[key];
    if (value === void 0) return void 0;
    if (typeof value !== "string") throw new Error(`option ${key}: expected text from commander, got ${typeof value}`);
    return value;
  }
  /** A `<value>` option with a default: always text. */
  required(key) {
    const value = this.text(key);
    if (value === void 0) throw new Error(`option ${key}: has no default`);
    return value;
  }
  /** A `<values...>` option: its list, or undefined when not given. */
  list(key) {
    const value = this.values[key];
    if (value === void 0) return void 0;
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw new Error(`option ${key}: expected a list of text from commander`);
    return value;
  }
  /** A flag (`--x`, `--no-x`): true or false. */
  flag(key) {
    const value = this.values[key];
    if (value === void 0) return false;
    if (typeof value !== "boolean") throw new Error(`option ${key}: expected a flag from commander, got ${typeof value}`);
    return value;
  }
  /** One of fixed choices (commander's `.choices()` already refused anything else). */
  choice(key, choices) {
    const value = this.required(key);
    if (!choices.includes(value)) throw new Error(`option ${key}: ${value} is not one of ${choices.join(", ")}`);
    return value;
  }
};

// src/options.ts
var import_yaml3 = __toESM(require_dist(), 1);
import { existsSync as existsSync10, statSync as statSync4 } from "node:fs";
import { basename as basename4, dirname as dirname9, isAbsolute as isAbsolute5, join as join22, resolve as resolve7 } from "node:path";
var COMMANDS = ["build", "run", "test", "seed", "snapshot"];
var LIMITS = {
  threads: 512,
  retries: 100,
  /** One hour: longer than any GitHub-hosted job would want to sleep between retry rounds. */
  retryDelaySeconds: 3600
};
function integer(name, value, min, max) {
  if (value === void 0 || value === "") return void 0;
  const text2 = String(value).trim();
  const n = /^\d{1,15}$/.test(text2) ? Number(text2) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new InputError(name, `expected a whole number >= ${min} (at most ${max}), got '${value}'`);
  if (n > max) throw new InputError(name, `${text2} is above the maximum of ${max}`);
  return n;
}
function seconds3(name, value, max) {
  if (value === void 0 || value === "") return 0;
  const text2 = String(value).trim();
  const n = /^\d{1,15}(\.\d{1,6})?$/.test(text2) ? Number(text2) : NaN;
  if (!Number.isFinite(n) || n < 0) throw new InputError(name, `expected a number of seconds >= 0, got '${value}'`);
  if (n > max) throw new InputError(name, `${text2} seconds is above the maximum of ${max} (${max / 3600} h)`);
  return n;
}
function validateSelection(name, tokens) {
  for (const token of tokens) {
    if (token.startsWith("-")) {
      throw new InputError(
        name,
        `'${token}' is not a selector: a selection value may not start with '-' (dbt would read it as a flag); pass dbt options as options, and selectors such as 'orders', 'tag:daily' or '+stg_orders'`
      );
    }
  }
  return [...tokens];
}
function validateVars(vars) {
  if (vars === void 0 || vars.trim() === "") return {};
  let parsed;
  try {
    parsed = (0, import_yaml3.parse)(vars);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new InputError("--vars", `not valid YAML (${reason}); pass a mapping such as '{start_date: "2024-01-01"}'`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new InputError("--vars", `must be a YAML mapping such as '{start_date: "2024-01-01"}', got '${vars}'`);
  }
  return parsed;
}
function directory(name, path, mustContain) {
  const full = resolve7(path);
  if (!existsSync10(full)) throw new InputError(name, `directory '${path}' does not exist`);
  if (!statSync4(full).isDirectory()) {
    const hint = mustContain && basename4(full) === mustContain ? `; pass the folder that holds it: '${dirname9(path)}'` : mustContain ? ` (pass the folder that holds ${mustContain})` : "";
    throw new InputError(name, `'${path}' is a file, not a directory${hint}`);
  }
  if (mustContain && !existsSync10(join22(full, mustContain))) {
    throw new InputError(name, `'${path}' has no ${mustContain}; point it at the folder that holds your dbt project's ${mustContain}`);
  }
  return full;
}
function unknownSourcesPolicy(value) {
  if (value === void 0 || value === "") return "rebuild";
  if (UNKNOWN_DATA_POLICIES.includes(value)) return value;
  throw new InputError("--unknown-sources", `'${value}' is not one of ${UNKNOWN_DATA_POLICIES.join(", ")}`);
}
function maxAge(value) {
  if (value === void 0 || value === "") return void 0;
  const seconds4 = parseDuration(value);
  if (seconds4 === void 0 || seconds4 <= 0) throw new InputError("--max-age", `'${value}' is not a duration like 30m, 6h or 2d`);
  return seconds4;
}
function explainTarget(value) {
  if (value === void 0) return void 0;
  if (value.trim() === "") throw new InputError("explain", "needs a node: a name (as for --select) or a unique_id");
  return value.trim();
}
function validateOptions(raw, cwd = process.cwd()) {
  if (!COMMANDS.includes(raw.command)) {
    throw new InputError("command", `unknown command '${raw.command}'; use one of ${COMMANDS.join(", ")} or plan`);
  }
  const projectDir = directory("--project-dir", resolve7(cwd, raw.projectDir ?? "."), "dbt_project.yml");
  const profilesDir = raw.profilesDir === void 0 ? void 0 : directory("--profiles-dir", resolve7(cwd, raw.profilesDir));
  if (profilesDir && !existsSync10(join22(profilesDir, "profiles.yml"))) {
    throw new InputError("--profiles-dir", `'${raw.profilesDir}' has no profiles.yml`);
  }
  const state = raw.state === void 0 ? void 0 : directory("--state", resolve7(cwd, raw.state), "manifest.json");
  if (state) {
    const manifest = checkStateManifest(join22(state, "manifest.json"), join22(state, "manifest.json"));
    if (!manifest.ok) throw new InputError("--state", `${manifest.reason}; point --state at the target folder of a previous dbt run`);
  }
  if (raw.defer && !state) throw new InputError("--defer", "needs --state DIR (a folder holding the manifest.json to defer to)");
  validateVars(raw.vars);
  const threads = integer("--threads", raw.threads, 1, LIMITS.threads);
  const retries = integer("--retries", raw.retries, 0, LIMITS.retries) ?? 0;
  const retryDelaySeconds = seconds3("--retry-delay", raw.retryDelay, LIMITS.retryDelaySeconds);
  const select = validateSelection("--select", raw.select ?? []);
  const exclude = validateSelection("--exclude", raw.exclude ?? []);
  if (raw.selector !== void 0) validateSelection("--selector", [raw.selector]);
  const storeDir = raw.store ? isAbsolute5(raw.store) ? raw.store : resolve7(cwd, raw.store) : join22(projectDir, ".dbt-orchestrator");
  if (existsSync10(storeDir) && !statSync4(storeDir).isDirectory()) throw new InputError("--store", `'${raw.store}' exists and is not a directory`);
  if (raw.dbt !== void 0 && !existsSync10(resolve7(cwd, raw.dbt))) {
    throw new InputError("--dbt", `'${raw.dbt}' does not exist; pass the path of the dbt executable (e.g. .venv/bin/dbt)`);
  }
  return {
    command: raw.command,
    planOnly: raw.planOnly ?? false,
    projectDir,
    profilesDir,
    target: raw.target,
    vars: raw.vars,
    select,
    exclude,
    selector: raw.selector,
    state,
    defer: raw.defer ?? false,
    fullRefresh: raw.fullRefresh ?? false,
    threads,
    retries,
    retryDelaySeconds,
    storeDir,
    reuse: raw.reuse ?? true,
    dbtPath: raw.dbt === void 0 ? void 0 : resolve7(cwd, raw.dbt),
    unknownSources: unknownSourcesPolicy(raw.unknownSources),
    maxAgeSeconds: maxAge(raw.maxAge),
    explain: explainTarget(raw.explain)
  };
}

// src/report/console.ts
function streamOutput(stdout, stderr, options = {}) {
  return {
    line: (text2) => stdout.write(`${text2}
`),
    warn: (text2) => stderr.write(`warning: ${text2}
`),
    colour: options.env ? useColour(stdout, options.env) : false,
    verbose: options.verbose ?? false
  };
}
function pad4(text2, width) {
  return text2.length >= width ? text2 : text2 + " ".repeat(width - text2.length);
}
function planTable(decisions) {
  const width = Math.min(60, Math.max(4, ...decisions.map((d) => d.display.length)));
  const lines = [`${pad4("DECISION", 9)}${pad4("NODE", width)}  REASON`];
  for (const d of decisions) lines.push(`${pad4(d.decision, 9)}${pad4(d.display, width)}  ${d.reason}`);
  return lines;
}
function planLines(plan) {
  return planTable(plan.map((p) => ({ uniqueId: p.uniqueId, decision: p.decision, reason: p.reason, display: `${p.resourceType} ${p.name}` })));
}

// src/version.ts
import { execFile } from "node:child_process";
import { dirname as dirname10, join as join23 } from "node:path";
import { fileURLToPath as fileURLToPath2 } from "node:url";
var PACKAGE_NAME = "dbt-orchestrator-action";
function packageVersion() {
  const path = join23(dirname10(fileURLToPath2(import.meta.url)), "..", "package.json");
  const pkg = readJsonFile(path, "package.json", ourPackage);
  return pkg.ok ? pkg.value.version : "unknown";
}
function ourPackage(value, label2) {
  if (!isPlainObject(value) || value.name !== PACKAGE_NAME) return { ok: false, reason: `${label2} is not ${PACKAGE_NAME}'s` };
  return typeof value.version === "string" ? { ok: true, value: { version: value.version } } : { ok: false, reason: `${label2} has no "version" string` };
}
function distributionVersions(value, label2) {
  if (!isPlainObject(value) || !Object.values(value).every((v) => typeof v === "string")) return { ok: false, reason: `${label2} is not a mapping of names to versions` };
  return { ok: true, value };
}
var NOT_ADAPTERS = /* @__PURE__ */ new Set(["dbt-core", "dbt-adapters", "dbt-common", "dbt-extractor", "dbt-protos", "dbt-semantic-interfaces"]);
var PROBE = `
import importlib.metadata as m, json, re
found = {}
for d in m.distributions():
    name = re.sub(r"[-_.]+", "-", (d.metadata["Name"] or "")).lower()
    if name.startswith("dbt-"):
        found[name] = d.version
print(json.dumps(found))
`;
async function dbtVersionInfo(opts) {
  let located;
  try {
    located = locateDbt({ dbtPath: opts.dbtPath, projectDir: opts.projectDir, env: opts.env, cwd: opts.cwd });
  } catch (error) {
    if (error instanceof DbtNotFoundError) return { adapters: [], problem: error.message };
    throw error;
  }
  const probe = await new Promise((resolve8) => {
    execFile(located.python, ["-c", PROBE], { timeout: 6e4, env: opts.env }, (error, stdout, stderr) => {
      if (error) resolve8({ ok: false, reason: (stderr || error.message).trim().split("\n").pop() ?? error.message });
      else resolve8({ ok: true, stdout });
    });
  });
  const base = { dbt: located.dbt, python: located.python };
  if (!probe.ok) return { ...base, adapters: [], problem: `${located.python} could not list its packages: ${probe.reason}` };
  const listed = parseJsonText(probe.stdout, "the package list", distributionVersions);
  if (!listed.ok) return { ...base, adapters: [], problem: `${located.python} printed no package list` };
  const found = listed.value;
  const adapters = Object.entries(found).filter(([name]) => !NOT_ADAPTERS.has(name)).sort(([a], [b]) => a.localeCompare(b));
  const dbtCore = found["dbt-core"];
  return { ...base, dbtCore, adapters, problem: dbtCore ? void 0 : `dbt-core is not installed in the Python that runs ${located.dbt} (${located.python})` };
}
function versionLines(pkgVersion, info) {
  const lines = [`dbt-orchestrator ${pkgVersion}`];
  if (info.dbtCore) lines.push(`dbt-core ${info.dbtCore} (${info.dbt})`);
  if (info.adapters.length > 0) lines.push(`adapters: ${info.adapters.map(([n, v]) => `${n} ${v}`).join(", ")}`);
  if (info.problem) lines.push(`dbt: ${info.problem}`);
  return lines;
}

// src/cli.ts
function collect2(value, previous = []) {
  return [...previous, ...value.split(/\s+/).filter((v) => v !== "")];
}
function addProjectOptions(cmd) {
  return cmd.option("--project-dir <dir>", "dbt project directory (holds dbt_project.yml)", ".").option("--profiles-dir <dir>", "directory holding profiles.yml").option("-t, --target <name>", "dbt target from profiles.yml").option("--vars <yaml>", "dbt vars as a YAML mapping, e.g. '{start_date: 2024-01-01}'").option("-s, --select <selectors...>", "dbt node selection (space-separated or repeated, as in dbt)", collect2).option("--exclude <selectors...>", "dbt node exclusion (space-separated or repeated, as in dbt)", collect2).option("--dbt <path>", "dbt executable (default: the project virtualenv or PATH)");
}
function addSharedOptions(cmd) {
  return addProjectOptions(cmd).option("--selector <name>", "a selector from selectors.yml").option("--state <dir>", "folder with a manifest.json for state: selectors and --defer").option("--defer", "resolve unselected refs to the --state manifest", false).option("--full-refresh", "rebuild incremental models, seeds and snapshots from scratch", false).option("--threads <n>", "concurrent nodes (default: the profile threads)").option("--retries <n>", "retry a node that errors up to N times", "0").option("--retry-delay <seconds>", "wait before each retry", "0").option("--store <dir>", "result store directory (default: <project-dir>/.dbt-orchestrator)").option("--no-reuse", "build everything (results are still recorded)").addOption(new Option("--unknown-sources <policy>", "sources without a data state (no freshness config)").choices(["rebuild", "assume-unchanged"]).default("rebuild")).option("--max-age <duration>", "rebuild any node last built longer ago than this (e.g. 24h)").option("-v, --verbose", "list every reused node with its reason (default: one summary line)", false);
}
function toRaw(command, opts, planOnly) {
  const v = new OptionValues(opts);
  return {
    command,
    planOnly,
    projectDir: v.required("projectDir"),
    profilesDir: v.text("profilesDir"),
    target: v.text("target"),
    vars: v.text("vars"),
    select: v.list("select"),
    exclude: v.list("exclude"),
    selector: v.text("selector"),
    state: v.text("state"),
    defer: v.flag("defer"),
    fullRefresh: v.flag("fullRefresh"),
    threads: v.text("threads"),
    retries: v.text("retries") ?? "0",
    retryDelay: v.text("retryDelay") ?? "0",
    store: v.text("store"),
    reuse: opts.reuse === void 0 ? true : v.flag("reuse"),
    dbt: v.text("dbt"),
    unknownSources: v.text("unknownSources"),
    maxAge: v.text("maxAge"),
    explain: v.text("explain")
  };
}
async function execute(raw, io, output, json) {
  const options = validateOptions(raw, io.cwd);
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once("SIGINT", abort);
  process.once("SIGTERM", abort);
  let result;
  try {
    result = await runEngine(options, {
      output: json ? { line: () => void 0, warn: output.warn } : output,
      env: io.env,
      cwd: io.cwd,
      prestarted: io.prestarted,
      now: () => /* @__PURE__ */ new Date(),
      sleep: (ms) => new Promise((resolve8) => setTimeout(resolve8, ms)),
      signal: controller.signal
    });
  } finally {
    process.off("SIGINT", abort);
    process.off("SIGTERM", abort);
  }
  if (result.error) io.stderr.write(`error: ${result.error}
`);
  if (raw.planOnly) {
    if (json) io.stdout.write(`${JSON.stringify({ command: raw.command, nodes: result.plan, ...result.explanation ? { explanation: result.explanation } : {} }, null, 2)}
`);
    else if (result.explanation) for (const line of result.explanation) output.line(line);
    else if (!result.error) for (const line of planLines(result.plan)) output.line(line);
  }
  return result.exitCode;
}
async function freshness(opts, io, output) {
  const base = validateOptions(toRaw("build", opts, true), io.cwd);
  const result = await runFreshness(
    {
      projectDir: base.projectDir,
      profilesDir: base.profilesDir,
      target: base.target,
      vars: base.vars,
      select: base.select,
      exclude: base.exclude,
      onStale: new OptionValues(opts).choice("onStale", ["warn", "fail"]),
      dbtPath: base.dbtPath
    },
    { output, env: io.env, cwd: io.cwd, prestarted: io.prestarted, now: () => /* @__PURE__ */ new Date(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) }
  );
  if (result.error) io.stderr.write(`error: ${result.error}
`);
  if (result.sourcesPath) output.line(`Wrote ${result.sourcesPath}`);
  return result.exitCode;
}
function statsValues(v) {
  return { projectDir: v.required("projectDir"), store: v.text("store"), last: v.required("last") };
}
function engineDeps(io, output, signal) {
  return { output, env: io.env, cwd: io.cwd, prestarted: io.prestarted, now: () => /* @__PURE__ */ new Date(), sleep: (ms) => new Promise((resolve8) => setTimeout(resolve8, ms)), signal };
}
async function withSignal(fn) {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once("SIGINT", abort);
  process.once("SIGTERM", abort);
  try {
    return await fn(controller.signal);
  } finally {
    process.off("SIGINT", abort);
    process.off("SIGTERM", abort);
  }
}
var VERSION_FLAGS = ["-V", "--version"];
function isVersionRequest(argv) {
  return argv.length > 0 && argv[0].startsWith("-") && argv.some((a) => VERSION_FLAGS.includes(a));
}
async function version(io) {
  const program2 = new Command("dbt-orchestrator").exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) }).option("-V, --version").option("--project-dir <dir>", "", ".").option("--dbt <path>");
  program2.parse(io.argv, { from: "user" });
  const opts = program2.opts();
  const info = await dbtVersionInfo({ dbtPath: opts.dbt, projectDir: opts.projectDir, env: io.env, cwd: io.cwd });
  for (const line of versionLines(packageVersion(), info)) io.stdout.write(`${line}
`);
  return 0;
}
async function main(io) {
  if (isVersionRequest(io.argv)) {
    try {
      return await version(io);
    } catch (error) {
      if (error instanceof CommanderError) return EXIT_BAD_INPUT;
      throw error;
    }
  }
  const output = streamOutput(io.stdout, io.stderr, { env: io.env });
  const outputFor = (opts) => streamOutput(io.stdout, io.stderr, { env: io.env, verbose: Boolean(opts.verbose) });
  let exitCode = 0;
  const program2 = new Command("dbt-orchestrator").description("Run a dbt project node by node and reuse every node whose inputs did not change.").exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) }).showHelpAfterError("(run dbt-orchestrator --help for usage)").addHelpText("after", "\n  -V, --version [--dbt PATH] [--project-dir DIR]\n      print this version and the dbt-core and adapter versions of the dbt a build would use; exit 0");
  for (const name of COMMANDS) {
    const cmd = addSharedOptions(program2.command(name).description(`dbt ${name}, reusing unchanged nodes`));
    if (name === "build") addShardBuildOptions(cmd);
    cmd.action(async (opts) => {
      if (opts.shard !== void 0 || opts.plan !== void 0) {
        exitCode = await withSignal((signal) => shardBuild(opts, validateOptions(toRaw(name, { ...opts, select: void 0, exclude: void 0 }, false), io.cwd), engineDeps(io, outputFor(opts), signal), io));
        return;
      }
      exitCode = await execute(toRaw(name, opts, false), io, outputFor(opts), false);
    });
  }
  addSharedOptions(program2.command("plan").description("dry run: what would run, what would be reused, and why")).addOption(new Option("--command <command>", "the command to plan").choices([...COMMANDS]).default("build")).option("--json", "print the plan as JSON", false).option("--explain <node>", "explain one node instead of the plan table: every hash input old \u2192 new, and the decision").option("--shards <n>", "cut the build into N shards for N machines (a GitHub Actions matrix): per shard its nodes and waits; with --json the plan file for `build --shard`").action(async (opts) => {
    if (opts.shards !== void 0) {
      const raw = toRaw(new OptionValues(opts).required("command"), opts, true);
      exitCode = await shardPlan(validateOptions(raw, io.cwd), opts.shards, Boolean(opts.json), engineDeps(io, outputFor(opts)), io, outputFor(opts));
      return;
    }
    exitCode = await execute(toRaw(new OptionValues(opts).required("command"), opts, true), io, outputFor(opts), Boolean(opts.json));
  });
  addSharedOptions(program2.command("explain").argument("<node>", "a node name (as for --select) or unique_id").description("why a node runs or is reused: every hash input old \u2192 new against the record of what its relation holds")).addOption(new Option("--command <command>", "the command whose plan to explain").choices([...COMMANDS]).default("build")).action(async (node, opts) => {
    exitCode = await execute({ ...toRaw(new OptionValues(opts).required("command"), opts, true), explain: node }, io, output, false);
  });
  addMergeCommand(program2, io, output, (code) => {
    exitCode = code;
  });
  program2.command("stats").description("the store's run log: the last N runs (built, reused, failed, warehouse time saved) and their total").option("--project-dir <dir>", "dbt project directory (its store is <dir>/.dbt-orchestrator)", ".").option("--store <dir>", "result store directory (default: <project-dir>/.dbt-orchestrator)").option("--last <n>", "how many of the newest runs to show", "20").option("--json", "print the runs and the total as JSON", false).action(async (opts) => {
    exitCode = await runStats(
      { ...statsValues(new OptionValues(opts)), json: Boolean(opts.json) },
      { cwd: io.cwd, stdout: io.stdout, warn: output.warn }
    );
  });
  addProjectOptions(program2.command("freshness").description("dbt source freshness over the selected sources (default: all): a table, target/sources.json, exit by --on-stale")).addOption(new Option("--on-stale <policy>", "warn: report only; fail: exit 1 when a source is past error_after or cannot be measured").choices(["warn", "fail"]).default("warn")).action(async (opts) => {
    exitCode = await freshness(opts, io, output);
  });
  try {
    await program2.parseAsync(io.argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    }
    if (error instanceof InputError) {
      io.stderr.write(`error: ${error.message}
`);
      return EXIT_BAD_INPUT;
    }
    io.stderr.write(`error: ${error instanceof Error ? error.stack ?? error.message : String(error)}
`);
    return 1;
  }
}
export {
  main
};
